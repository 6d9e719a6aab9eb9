/** project: exactly the listed columns and expressions, in order; later expressions may use earlier ones. */
import { columnIndexOf, deferredOf, type Scalar } from '../compile/context.js';
import { elements, kindOf } from '../compile/node.js';
import { compileScalar } from '../compile/scalar.js';
import type { Column } from '../table.js';
import { evaluateColumn, expressionNames } from './columns.js';
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['ProjectOperator'],
  compile(node, input, ctx, output) {
    const exprs = elements(node.Expressions);
    const names = expressionNames(exprs, output, ctx.schema, false);
    let schema: Column[] = [...ctx.schema];
    const fns: Scalar[] = [];
    exprs.forEach((expr, k) => {
      if (kindOf(expr) === 'CompoundNamedExpression') ctx.unsupported('project (a, b) = …', expr);
      fns.push(compileScalar(expr, ctx.withSchema(schema)));
      schema = [...schema, { name: names[k], type: output[k]?.type ?? 'dynamic' }];
    });
    // Every expression a bare input column, over a `where` or a `join`: build just these columns.
    const bare = fns.map(columnIndexOf);
    const defer = deferredOf(input);
    if (defer && bare.every((k) => k !== undefined && k < ctx.schema.length))
      return () => {
        const d = defer();
        return { columns: output, data: bare.map((k) => d.column(k as number)), length: d.length };
      };
    return () => {
      const t = input();
      const data = [...t.data];
      const out: unknown[][] = [];
      for (const fn of fns) {
        const col = evaluateColumn(fn, { data, length: t.length }, ctx.query);
        data.push(col);
        out.push(col);
      }
      return { columns: output, data: out, length: t.length };
    };
  },
});
