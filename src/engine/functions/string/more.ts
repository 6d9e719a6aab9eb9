/** `replace_strings` (simultaneous, longest lookup first), `strcmp`, `isascii`, `indexof_regex`, `string_size`; strings never null. */

import { dynToString } from '../../values/convert.js';
import type { Dyn } from '../../values/dynamic.js';
import { defineFunction } from '../define.js';
import { compileRegex } from '../regex.js';
import { textArgs } from './basic.js';

export default [
  defineFunction({
    names: ['replace_strings'],
    compile(call) {
      const [s] = textArgs(call);
      const [, lookups, replacements] = call.args;
      return (c, i) => {
        const text = s(c, i) as string;
        const from = ((lookups(c, i) as Dyn[] | null) ?? []).map(dynToString);
        const to = ((replacements(c, i) as Dyn[] | null) ?? []).map(dynToString);
        let out = '';
        let k = 0;
        while (k < text.length) {
          let best = -1;
          for (let j = 0; j < from.length; j++)
            if (
              from[j] !== '' &&
              text.startsWith(from[j], k) &&
              (best < 0 || from[j].length > from[best].length)
            )
              best = j;
          if (best < 0) {
            out += text[k++];
          } else {
            out += to[best] ?? '';
            k += from[best].length;
          }
        }
        return out;
      };
    },
  }),
  defineFunction({
    names: ['strcmp'],
    compile(call) {
      const [a, b] = textArgs(call);
      return (c, i) => {
        const x = a(c, i) as string;
        const y = b(c, i) as string;
        return x < y ? -1 : x > y ? 1 : 0;
      };
    },
  }),
  defineFunction({
    names: ['isascii'],
    compile(call) {
      const [a] = textArgs(call);
      return (c, i) => {
        const text = a(c, i) as string;
        for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) > 127) return false;
        return true;
      };
    },
  }),
  defineFunction({
    names: ['string_size'],
    compile(call) {
      const [a] = textArgs(call);
      return (c, i) => Buffer.byteLength(a(c, i) as string, 'utf8');
    },
  }),
  defineFunction({
    names: ['indexof_regex'],
    compile(call) {
      const [s, pattern] = textArgs(call);
      if (call.args.length > 2)
        return call.ctx.unsupported('indexof_regex with start/length/occurrence', call.node);
      return (c, i) => {
        const m = compileRegex(pattern(c, i) as string, call.ctx, call.node).matcher(s(c, i) as string);
        return m.find() ? m.start() : -1;
      };
    },
  }),
];
