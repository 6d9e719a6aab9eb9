/** where/filter: keep rows whose predicate is true; false and null drop the row. */
import { compileScalar } from '../compile/scalar.js';
import { gatherRows } from '../table.js';
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['FilterOperator'],
  compile(node, input, ctx, output) {
    const predicate = compileScalar(node.Condition, ctx);
    return () => {
      const t = input();
      const keep: number[] = [];
      const cols = t.data;
      for (let i = 0; i < t.length; i++) {
        if (predicate(cols, i) === true) keep.push(i);
        ctx.query.tick();
      }
      return gatherRows(t, keep, output);
    };
  },
});
