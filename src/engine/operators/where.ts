/** where/filter: keep rows whose predicate is true; false and null drop the row. */
import { type DeferredTable, deferredPlan } from '../compile/context.js';
import { compileScalar } from '../compile/scalar.js';
import { gatherColumn } from '../table.js';
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['FilterOperator'],
  compile(node, input, ctx, output) {
    const predicate = compileScalar(node.Condition, ctx);
    const query = ctx.query;
    const defer = (): DeferredTable => {
      const t = input();
      const n = t.length;
      const keep = new Int32Array(n);
      let kept = 0;
      const cols = t.data;
      for (let i = 0; i < n; i++) {
        if (predicate(cols, i) === true) keep[kept++] = i;
        query.tick();
      }
      const rows = keep.subarray(0, kept);
      return {
        length: kept,
        width: cols.length,
        // Every row kept: the input's (never mutated) column arrays serve as they are.
        column: (k) => (kept === n ? cols[k] : gatherColumn(cols[k], rows)),
      };
    };
    return deferredPlan(output, defer);
  },
});
