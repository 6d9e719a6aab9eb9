/** distinct: one row per distinct combination of the listed columns (or all with `*`), first occurrence order. */
import { elements, kindOf } from '../compile/node.js';
import { compileScalar } from '../compile/scalar.js';
import { compositeKey } from '../values/compare.js';
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['DistinctOperator'],
  compile(node, input, ctx, output) {
    const exprs = elements(node.Expressions);
    const star = exprs.length === 1 && kindOf(exprs[0]) === 'StarExpression';
    const fns = star
      ? ctx.schema.map((_c, k) => (c: unknown[][], i: number) => c[k][i])
      : exprs.map((e) => compileScalar(e, ctx));
    return () => {
      const t = input();
      const seen = new Set<unknown>();
      const data: unknown[][] = fns.map(() => []);
      const values = new Array<unknown>(fns.length);
      for (let i = 0; i < t.length; i++) {
        for (let k = 0; k < fns.length; k++) values[k] = fns[k](t.data, i);
        const key = compositeKey(values);
        if (seen.has(key)) continue;
        seen.add(key);
        for (let k = 0; k < fns.length; k++) data[k].push(values[k]);
        ctx.query.tick();
      }
      return { columns: output, data, length: seen.size };
    };
  },
});
