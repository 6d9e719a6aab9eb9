/** take/limit: the first N rows (Kusto promises no order without sort); a null or negative N gives no rows. */
import { evaluateConstant } from '../compile/scalar.js';
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['TakeOperator'],
  compile(node, input, ctx, output) {
    const n = evaluateConstant(node.Expression, ctx);
    const count = n === null ? 0 : Math.max(0, Number(n));
    return () => {
      const t = input();
      const len = Math.min(count, t.length);
      return { columns: output, data: t.data.map((c) => c.slice(0, len)), length: len };
    };
  },
});
