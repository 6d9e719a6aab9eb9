/** top N by expr [asc|desc]: sort (descending by default, nulls last) then take N. */
import { evaluateConstant } from '../compile/scalar.js';
import { gatherRows } from '../table.js';
import { defineOperator } from './define.js';
import { compileSortKey, sortedIndices } from './sort-keys.js';

export default defineOperator({
  kinds: ['TopOperator'],
  compile(node, input, ctx, output) {
    const n = Number(evaluateConstant(node.Expression, ctx) ?? 0);
    const key = compileSortKey(node.ByExpression, ctx);
    return () => {
      const t = input();
      return gatherRows(t, sortedIndices(t, [key]).slice(0, Math.max(0, n)), output);
    };
  },
});
