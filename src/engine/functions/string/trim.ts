/** `trim`, `trim_start`, `trim_end`: remove leading/trailing matches of an RE2 pattern. */

import { defineFunction } from '../define.js';
import { compileRegex } from '../regex.js';
import { textArgs } from './basic.js';

function trimmer(name: string, start: boolean, end: boolean) {
  return defineFunction({
    names: [name],
    compile(call) {
      const [pattern, s] = textArgs(call);
      return (c, i) => {
        const p = pattern(c, i) as string;
        const text = s(c, i) as string;
        let out = text;
        if (start) {
          const re = compileRegex(`^(?:${p})+`, call.ctx, call.node);
          const m = re.matcher(out);
          if (m.find()) out = out.slice(m.end());
        }
        if (end) {
          const re = compileRegex(`(?:${p})+$`, call.ctx, call.node);
          const m = re.matcher(out);
          if (m.find()) out = out.slice(0, m.start());
        }
        return out;
      };
    },
  });
}

export default [
  trimmer('trim', true, true),
  trimmer('trim_start', true, false),
  trimmer('trim_end', false, true),
];
