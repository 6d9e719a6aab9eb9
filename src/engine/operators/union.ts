/**
 * union: rows of all inputs, in order; columns by the binder (outer by default: a column missing from
 * one input is null there; same-named columns of different types become `x_long`, `x_string` …);
 * `withsource=Col` adds the source table's name.
 */
import type { TablePlan } from '../compile/context.js';
import { columnsOf, elements, kindOf, type Node, namedParameters, tokenText } from '../compile/node.js';
import { compileTabular } from '../compile/tabular.js';
import { type Column, nullOf, type Table } from '../table.js';
import { defineOperator } from './define.js';

function sourceName(expr: Node, k: number): string {
  const kind = kindOf(expr);
  if (kind === 'NameReference') return String(expr.SimpleName);
  if (kind === 'FunctionCallExpression') return String(expr.Name?.SimpleName ?? `union_arg${k}`);
  return `union_arg${k}`;
}

export default defineOperator({
  kinds: ['UnionOperator'],
  needsInput: false,
  compile(node, input, ctx, output) {
    const params = namedParameters(node);
    const sourceColumn = params.has('withsource') ? tokenText(params.get('withsource')) : undefined;
    const inputs: { plan: TablePlan; columns: Column[]; name: string }[] = [];
    if (input) inputs.push({ plan: input, columns: [...ctx.schema], name: 'union_arg0' });
    elements(node.Expressions).forEach((e: Node, k: number) => {
      inputs.push({
        plan: compileTabular(e, ctx.withSchema([])),
        columns: columnsOf(e),
        name: sourceName(e, k),
      });
    });
    if (tokenText(params.get('kind')).toLowerCase() === 'inner') {
      const common = output.filter(
        (col) =>
          col.name === sourceColumn || inputs.every((inp) => inp.columns.some((c) => c.name === col.name)),
      );
      if (common.length !== output.length)
        return ctx.unsupported('union kind=inner over inputs with different columns', node);
    }
    const mappings = inputs.map((inp) =>
      output.map((col) => {
        if (col.name === sourceColumn) return -2;
        return inp.columns.findIndex(
          (c) => (c.name === col.name && c.type === col.type) || `${c.name}_${c.type}` === col.name,
        );
      }),
    );
    return () => {
      const tables: Table[] = inputs.map((i) => i.plan());
      const total = tables.reduce((n, t) => n + t.length, 0);
      ctx.query.checkRows(total, 'union');
      const data = output.map((col, o) => {
        const out: unknown[] = [];
        tables.forEach((t, k) => {
          const m = mappings[k][o];
          if (m === -2) for (let i = 0; i < t.length; i++) out.push(inputs[k].name);
          else if (m < 0) for (let i = 0; i < t.length; i++) out.push(nullOf(col.type));
          else for (let i = 0; i < t.length; i++) out.push(t.data[m][i]);
        });
        return out;
      });
      return { columns: output, data, length: total };
    };
  },
});
