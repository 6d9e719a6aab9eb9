/** sort/order by: stable, descending by default; nulls first ascending and last descending unless stated. */
import { elements } from '../compile/node.js';
import { gatherRows } from '../table.js';
import { defineOperator } from './define.js';
import { compileSortKey, sortedIndices } from './sort-keys.js';

export default defineOperator({
  kinds: ['SortOperator'],
  compile(node, input, ctx, output) {
    const keys = elements(node.Expressions).map((e) => compileSortKey(e, ctx));
    return () => {
      const t = input();
      return gatherRows(t, sortedIndices(t, keys), output);
    };
  },
});
