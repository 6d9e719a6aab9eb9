/**
 * parse / parse-where: the pattern becomes an RE2 regex anchored at the start (`*` → `.*?`, a string
 * column → `(.*?)`, or `(.*)` when last; long/int → `(-?\d+)`, real → a number). kind=simple matches
 * literals exactly, kind=regex takes them as regexes, kind=relaxed gives null for a column whose value
 * does not convert. A row that does not match gets nulls (parse) or is dropped (parse-where).
 */

import { listItems } from '../../kql/kusto.js';
import type { KqlType } from '../../kql/types.js';
import { kindOf, type Node, namedParameters, tokenText, typeOf } from '../compile/node.js';
import { compileScalar } from '../compile/scalar.js';
import { convertValue } from '../functions/conversion/convert.js';
import { compileRegex } from '../functions/regex.js';
import { asText } from '../functions/string-operators/text.js';
import { nullOf } from '../table.js';
import { defineOperator } from './define.js';

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function typePattern(type: KqlType, relaxed: boolean, last: boolean): string {
  if (!relaxed && (type === 'long' || type === 'int')) return '(\\-?\\d+)';
  if (!relaxed && type === 'real') return '(\\-?\\d+(?:\\.\\d*)?(?:[eE][+-]?\\d+)?)';
  return last ? '(.*)' : '(.*?)';
}

export default defineOperator({
  kinds: ['ParseOperator', 'ParseWhereOperator'],
  compile(node, input, ctx, output) {
    const params = namedParameters(node);
    const kind = (tokenText(params.get('kind')) || 'simple').toLowerCase();
    const flags = params.has('flags') ? tokenText(params.get('flags')).replace(/^["']|["']$/g, '') : '';
    if (!['simple', 'regex', 'relaxed'].includes(kind)) return ctx.unsupported(`parse kind=${kind}`, node);
    const dropUnmatched = kindOf(node) === 'ParseWhereOperator';
    const source = asText(compileScalar(node.Expression, ctx), typeOf(node.Expression));
    const patterns: Node[] = listItems(node.Patterns);
    let regex = '^';
    const columns: { name: string; type: KqlType }[] = [];
    patterns.forEach((p, k) => {
      const pk = kindOf(p);
      const last = k === patterns.length - 1;
      if (pk === 'StarExpression') regex += last ? '.*' : '.*?';
      else if (pk === 'StringLiteralExpression' || pk === 'CompoundStringLiteralExpression') {
        const text = String(p.LiteralValue ?? '');
        regex += kind === 'regex' ? `(?:${text})` : escapeRegex(text);
      } else if (pk === 'NameAndTypeDeclaration' || pk === 'NameDeclaration') {
        const name = String(pk === 'NameDeclaration' ? p.SimpleName : p.Name.SimpleName);
        const type = output.find((c) => c.name === name)?.type ?? 'string';
        columns.push({ name, type });
        regex += typePattern(type, kind === 'relaxed', last);
      } else ctx.unsupported(`parse pattern element ${pk}`, p);
    });
    const inlineFlags = flags.replace(/[^imsU]/g, '');
    const re = compileRegex(inlineFlags ? `(?${inlineFlags})${regex}` : regex, ctx, node);
    const outIndex = columns.map((c) => output.findIndex((o) => o.name === c.name));
    const fromInput = output.map((o, k) =>
      outIndex.includes(k) ? -1 : ctx.schema.findIndex((s) => s.name === o.name),
    );
    return () => {
      const t = input();
      const data: unknown[][] = output.map(() => []);
      let n = 0;
      for (let i = 0; i < t.length; i++) {
        const m = re.matcher(source(t.data, i) as string);
        let values: unknown[] | null = null;
        if (m.find()) {
          values = columns.map((c, k) => {
            const g = m.group(k + 1) ?? '';
            return c.type === 'string' ? g : convertValue(g, 'string', c.type);
          });
          if (kind !== 'relaxed' && values.some((v, k) => v === null && columns[k].type !== 'string'))
            values = null;
        }
        if (!values && dropUnmatched) continue;
        for (let o = 0; o < output.length; o++) {
          const src = fromInput[o];
          if (src >= 0) data[o].push(t.data[src][i]);
        }
        columns.forEach((c, k) => {
          data[outIndex[k]].push(values ? values[k] : nullOf(c.type));
        });
        n++;
        ctx.query.tick();
      }
      return { columns: output, data, length: n };
    };
  },
});
