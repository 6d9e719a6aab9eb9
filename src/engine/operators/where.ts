/** where/filter: keep rows whose predicate is true; false and null drop the row. */
import { type Selection, withSelection } from '../compile/context.js';
import { compileScalar } from '../compile/scalar.js';
import { gatherRows } from '../table.js';
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['FilterOperator'],
  compile(node, input, ctx, output) {
    const predicate = compileScalar(node.Condition, ctx);
    const query = ctx.query;
    const select = (): Selection => {
      const t = input();
      const n = t.length;
      const keep = new Int32Array(n);
      let kept = 0;
      const cols = t.data;
      for (let i = 0; i < n; i++) {
        if (predicate(cols, i) === true) keep[kept++] = i;
        query.tick();
      }
      return { table: t, rows: keep.subarray(0, kept) };
    };
    return withSelection(() => {
      const { table, rows } = select();
      // Every row kept: the input's (never mutated) column arrays serve as they are.
      if (rows.length === table.length) return { columns: output, data: table.data, length: table.length };
      return gatherRows(table, rows, output);
    }, select);
  },
});
