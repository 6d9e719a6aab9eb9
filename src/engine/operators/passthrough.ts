/** render: rows unchanged (accepted and recorded by the binder, no effect here). */
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['RenderOperator'],
  compile(_node, input, _ctx, output) {
    return () => {
      const t = input();
      return { columns: output, data: t.data, length: t.length };
    };
  },
});
