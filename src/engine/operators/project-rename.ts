/** project-rename new = old, …: renames in place; other columns unchanged. */
import { elements } from '../compile/node.js';
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['ProjectRenameOperator'],
  compile(node, input, ctx, output) {
    const renames = new Map<string, string>();
    for (const e of elements(node.Expressions))
      renames.set(String(e.Name.SimpleName), String(e.Expression.SimpleName));
    const sources = output.map((c) => ctx.columnIndex(renames.get(c.name) ?? c.name, node));
    return () => {
      const t = input();
      return { columns: output, data: sources.map((k) => t.data[k]), length: t.length };
    };
  },
});
