/** invoke f(args): calls a tabular function with the input as its first (tabular) argument, through the binder's expansion. */

import type { TablePlan } from '../compile/context.js';
import { compileExpansion } from '../compile/expansion.js';
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['InvokeOperator'],
  compile(node, input, ctx, output) {
    const call = node.Function;
    if (!call?.GetExpansion?.()) return ctx.unsupported('invoke of a function without a body', node);
    const plan = compileExpansion(call, ctx, true, {
      kind: 'table',
      plan: input,
      columns: [...ctx.schema],
    }) as TablePlan;
    return () => {
      const t = plan();
      return {
        columns: output.length === t.columns.length ? output : t.columns,
        data: t.data,
        length: t.length,
      };
    };
  },
});
