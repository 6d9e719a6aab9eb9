/** as, render, serialize without expressions: rows unchanged (render is accepted and has no effect here). */
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['AsOperator', 'RenderOperator'],
  compile(_node, input, _ctx, output) {
    return () => {
      const t = input();
      return { columns: output, data: t.data, length: t.length };
    };
  },
});
