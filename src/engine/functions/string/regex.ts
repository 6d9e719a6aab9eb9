/** `extract`, `extract_all`, `replace_regex`: RE2 (re2js); no match gives "" for extract, null for extract_all. */
import type { KqlType } from '../../../kql/types.js';
import { convertValue } from '../conversion/convert.js';
import { defineFunction } from '../define.js';
import { compileRegex } from '../regex.js';
import { textArgs } from './basic.js';

export default [
  defineFunction({
    names: ['extract'],
    compile(call) {
      const [pattern, , s] = textArgs(call);
      const group = call.args[1];
      const target: KqlType = call.resultType;
      return (c, i) => {
        const re = compileRegex(pattern(c, i) as string, call.ctx, call.node);
        const g = Number(group(c, i));
        const m = re.matcher(s(c, i) as string);
        if (!m.find() || g > m.groupCount()) return target === 'string' ? '' : null;
        const v = m.group(g) ?? '';
        return target === 'string' ? v : convertValue(v, 'string', target);
      };
    },
  }),
  defineFunction({
    names: ['extract_all'],
    compile(call) {
      const texts = textArgs(call);
      const pattern = texts[0];
      const s = texts[texts.length - 1];
      const groupsArg = call.args.length === 3 ? call.args[1] : undefined;
      return (c, i) => {
        const re = compileRegex(pattern(c, i) as string, call.ctx, call.node);
        const m = re.matcher(s(c, i) as string);
        const out: unknown[] = [];
        const groups = groupsArg ? (groupsArg(c, i) as unknown[]).map(Number) : undefined;
        const count = m.groupCount();
        while (m.find()) {
          if (groups) out.push(groups.map((g) => m.group(g) ?? ''));
          else if (count === 0) out.push(m.group(0) ?? '');
          else if (count === 1) out.push(m.group(1) ?? '');
          else out.push(Array.from({ length: count }, (_, k) => m.group(k + 1) ?? ''));
        }
        return out.length === 0 ? null : out;
      };
    },
  }),
  defineFunction({
    names: ['replace_regex', 'replace'],
    compile(call) {
      const [s, pattern, repl] = textArgs(call);
      return (c, i) => {
        const re = compileRegex(pattern(c, i) as string, call.ctx, call.node);
        // Kusto writes groups as \1; re2js replaceAll takes $1.
        const r = (repl(c, i) as string).replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1');
        return re.matcher(s(c, i) as string).replaceAll(r);
      };
    },
  }),
];
