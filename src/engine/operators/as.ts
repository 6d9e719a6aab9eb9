/** as Name: rows unchanged; the result is also available to the rest of the query under Name (computed once). */
import { tokenText } from '../compile/node.js';
import { memoize } from '../compile/tabular.js';
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['AsOperator'],
  compile(node, input, ctx, output) {
    const plan = memoize(() => {
      const t = input();
      return { columns: output, data: t.data, length: t.length };
    });
    ctx.query.named.set(String(node.Name?.SimpleName ?? tokenText(node.Name)), plan);
    return plan;
  },
});
