/** count: one row, one long column `Count` with the number of input rows. */
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['CountOperator'],
  compile(_node, input, _ctx, output) {
    return () => ({ columns: output, data: [[input().length]], length: 1 });
  },
});
