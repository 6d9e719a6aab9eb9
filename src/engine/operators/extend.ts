/** extend (and serialize, which may extend): add (or replace, in place) computed columns; each expression sees the columns defined before it. */
import type { Scalar } from '../compile/context.js';
import { elements, kindOf } from '../compile/node.js';
import { compileScalar } from '../compile/scalar.js';
import type { Column } from '../table.js';
import { evaluateColumn, expressionNames } from './columns.js';
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['ExtendOperator', 'SerializeOperator'],
  compile(node, input, ctx, output) {
    const exprs = node.Expressions ? elements(node.Expressions) : [];
    const names = expressionNames(exprs, output, ctx.schema, true);
    let schema: Column[] = [...ctx.schema];
    const steps: { index: number; fn: Scalar }[] = [];
    exprs.forEach((expr, k) => {
      if (kindOf(expr) === 'CompoundNamedExpression') ctx.unsupported('extend (a, b) = …', expr);
      const fn = compileScalar(expr, ctx.withSchema(schema));
      const outType = output.find((c) => c.name === names[k])?.type ?? 'dynamic';
      let index = schema.findIndex((c) => c.name === names[k]);
      if (index < 0) {
        schema = [...schema, { name: names[k], type: outType }];
        index = schema.length - 1;
      } else schema = schema.map((c, j) => (j === index ? { name: names[k], type: outType } : c));
      steps.push({ index, fn });
    });
    const order = output.map((c) => schema.findIndex((s) => s.name === c.name));
    return () => {
      const t = input();
      const data = [...t.data];
      for (const { index, fn } of steps)
        data[index] = evaluateColumn(fn, { data, length: t.length }, ctx.query);
      return { columns: output, data: order.map((k) => data[k]), length: t.length };
    };
  },
});
