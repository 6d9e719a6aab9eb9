/**
 * evaluate: only `bag_unpack(col [, prefix])`. The binder's columns come first (the input without the bag
 * column, plus any declared output schema); keys found in the data that the binder does not know are
 * appended as dynamic columns, ordered by name. A row whose cell is not a bag leaves those columns null.
 */
import { callArguments, kindOf } from '../compile/node.js';
import { compileScalar, evaluateConstant } from '../compile/scalar.js';
import { type Column, nullOf } from '../table.js';
import { fromDynamic } from '../values/convert.js';
import { type Dyn, isBag } from '../values/dynamic.js';
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['EvaluateOperator'],
  compile(node, input, ctx, output) {
    const call = node.FunctionCall;
    const name = String(call?.Name?.SimpleName ?? '');
    if (name !== 'bag_unpack' || kindOf(call) !== 'FunctionCallExpression')
      return ctx.unsupported(`operator 'evaluate ${name}'`, node);
    const args = callArguments(call);
    const bag = compileScalar(args[0], ctx);
    const bagName = kindOf(args[0]) === 'NameReference' ? String(args[0].SimpleName) : '';
    const prefix = args[1] ? String(evaluateConstant(args[1], ctx) ?? '') : '';
    const fromInput = output.map((o) => ctx.schema.findIndex((s) => s.name === o.name && s.name !== bagName));
    return () => {
      const t = input();
      const bags = Array.from({ length: t.length }, (_, i) => bag(t.data, i));
      const known = new Set(output.map((o) => o.name));
      const extra = new Set<string>();
      for (const b of bags)
        if (isBag(b)) for (const k of Object.keys(b)) if (!known.has(prefix + k)) extra.add(prefix + k);
      const columns: Column[] = [
        ...output,
        ...[...extra].sort().map((n) => ({ name: n, type: 'dynamic' as const })),
      ];
      const data = columns.map((col, o) => {
        const src = o < fromInput.length ? fromInput[o] : -1;
        if (src >= 0) return t.data[src];
        const key = col.name.startsWith(prefix) ? col.name.slice(prefix.length) : col.name;
        return bags.map((b) => {
          if (!isBag(b) || !Object.hasOwn(b, key)) return nullOf(col.type);
          return col.type === 'dynamic' ? b[key] : fromDynamic(b[key] as Dyn, col.type);
        });
      });
      return { columns, data, length: t.length };
    };
  },
});
