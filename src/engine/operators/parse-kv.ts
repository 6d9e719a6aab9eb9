/**
 * parse-kv Expr as (Key:type, …) with (pair_delimiter=…, kv_delimiter=…[, quote=…]): splits the text into
 * pairs, then each pair at the first key/value delimiter; keys not found give the type's null. The
 * `regex` and `greedy` options and a missing `with` clause are not supported.
 */
import { separatedElements } from '../../kql/syntax.js';
import { typeOf } from '../compile/node.js';
import { compileScalar, evaluateConstant } from '../compile/scalar.js';
import { convertValue } from '../functions/conversion/convert.js';
import { asText } from '../functions/string-operators/text.js';
import { nullOf } from '../table.js';
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['ParseKvOperator'],
  compile(node, input, ctx, output) {
    const props = new Map<string, unknown>();
    const with_ = node.WithClause;
    if (!with_) return ctx.unsupported('parse-kv without a with clause', node);
    for (const p of separatedElements<{ Name: { SimpleName: string }; Expression: unknown }>(
      with_.Properties,
    ))
      props.set(String(p.Name.SimpleName).toLowerCase(), evaluateConstant(p.Expression, ctx));
    if (props.has('regex') || props.get('greedy') === true)
      return ctx.unsupported('parse-kv with regex or greedy', node);
    const pairDelim = String(props.get('pair_delimiter') ?? ' ');
    const kvDelim = String(props.get('kv_delimiter') ?? '=');
    const quotes = String(props.get('quote') ?? '');
    const source = asText(compileScalar(node.Expression, ctx), typeOf(node.Expression));
    const keys = separatedElements<{ Name: { SimpleName: string } }>(node.Keys.Columns).map((c) =>
      String(c.Name.SimpleName),
    );
    const keyIndex = keys.map((k) => output.findIndex((o) => o.name === k));
    const fromInput = output.map((o) =>
      keys.includes(o.name) ? -1 : ctx.schema.findIndex((s) => s.name === o.name),
    );
    const unquote = (s: string) => {
      const t = s.trim();
      return t.length >= 2 && quotes.includes(t[0]) && t[t.length - 1] === t[0] ? t.slice(1, -1) : t;
    };
    return () => {
      const t = input();
      const data = output.map((_o, k) =>
        fromInput[k] >= 0 ? t.data[fromInput[k]] : new Array<unknown>(t.length),
      );
      for (let i = 0; i < t.length; i++) {
        const found = new Map<string, string>();
        for (const pair of (source(t.data, i) as string).split(pairDelim)) {
          const at = pair.indexOf(kvDelim);
          if (at < 0) continue;
          const k = unquote(pair.slice(0, at));
          if (!found.has(k)) found.set(k, unquote(pair.slice(at + kvDelim.length)));
        }
        keys.forEach((k, j) => {
          const col = output[keyIndex[j]];
          const v = found.get(k);
          data[keyIndex[j]][i] =
            v === undefined
              ? nullOf(col.type)
              : col.type === 'string'
                ? v
                : convertValue(v, 'string', col.type);
        });
      }
      return { columns: output, data, length: t.length };
    };
  },
});
