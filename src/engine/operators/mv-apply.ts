/**
 * mv-apply: for each input row, expand the listed arrays (as mv-expand does) into a small table, run the
 * subquery on it, and emit the subquery's rows next to the input row's columns. An input row whose
 * subquery returns no rows is dropped.
 */

import { normaliseType } from '../../kql/types.js';
import type { Scalar, TablePlan } from '../compile/context.js';
import { columnsOf, elements, kindOf, type Node, namedParameters, tokenText } from '../compile/node.js';
import { compileScalar } from '../compile/scalar.js';
import { compileTabular } from '../compile/tabular.js';
import type { Column, Table } from '../table.js';
import { fromDynamic } from '../values/convert.js';
import { type Dyn, isBag } from '../values/dynamic.js';
import { defineOperator } from './define.js';

function expand(v: unknown): Dyn[] {
  if (Array.isArray(v)) return v as Dyn[];
  if (isBag(v)) return Object.keys(v).map((k) => ({ [k]: v[k] }));
  return [v as Dyn];
}

export default defineOperator({
  kinds: ['MvApplyOperator'],
  compile(node, input, ctx, output) {
    const params = namedParameters(node);
    const itemIndexName = params.has('with_itemindex') ? tokenText(params.get('with_itemindex')) : undefined;
    const targets: { name: string; fn: Scalar; type: Column['type'] }[] = [];
    for (const e of elements(node.Expressions) as Node[]) {
      const expr = e.Expression;
      const name =
        kindOf(expr) === 'SimpleNamedExpression'
          ? String(expr.Name.SimpleName)
          : String(expr.SimpleName ?? '');
      if (!name) return ctx.unsupported('mv-apply of an unnamed expression', expr);
      const typeName =
        e.ToTypeOf?.Expression?.ReferencedSymbol?.Name ?? e.ToTypeOf?.Type?.ReferencedSymbol?.Name;
      const toType = typeName ? (normaliseType(String(typeName)) ?? 'dynamic') : 'dynamic';
      targets.push({ name, fn: compileScalar(expr, ctx), type: toType });
    }
    const subColumns: Column[] = [...ctx.schema];
    for (const t of targets) {
      const k = subColumns.findIndex((c) => c.name === t.name);
      if (k >= 0) subColumns[k] = { name: t.name, type: t.type };
      else subColumns.push({ name: t.name, type: t.type });
    }
    if (itemIndexName) subColumns.push({ name: itemIndexName, type: 'long' });
    let current: Table = { columns: subColumns, data: subColumns.map(() => []), length: 0 };
    const source: TablePlan = () => current;
    const subquery = node.Subquery?.Expression;
    if (!subquery) return ctx.unsupported('mv-apply without a subquery', node);
    const plan = compileTabular(subquery, ctx.withRowSource({ plan: source, columns: subColumns }));
    const subOut = columnsOf(subquery);
    const targetIndex = targets.map((t) => subColumns.findIndex((c) => c.name === t.name));
    return () => {
      const t = input();
      const data: unknown[][] = output.map(() => []);
      let rows = 0;
      for (let i = 0; i < t.length; i++) {
        const lists = targets.map((x) => expand(x.fn(t.data, i)));
        const n = Math.max(0, ...lists.map((l) => l.length));
        const sub: unknown[][] = subColumns.map(() => new Array(n));
        for (let j = 0; j < n; j++) {
          for (let c = 0; c < ctx.schema.length; c++) sub[c][j] = t.data[c][i];
          targets.forEach((x, k) => {
            const v = j < lists[k].length ? lists[k][j] : null;
            sub[targetIndex[k]][j] = x.type === 'dynamic' ? v : fromDynamic(v, x.type);
          });
          if (itemIndexName) sub[subColumns.length - 1][j] = j;
        }
        current = { columns: subColumns, data: sub, length: n };
        const result = plan();
        for (let r = 0; r < result.length; r++) {
          output.forEach((col, o) => {
            const s = subOut.findIndex((c) => c.name === col.name);
            if (s >= 0) data[o].push(result.data[s][r]);
            else {
              const k = ctx.schema.findIndex((c) => c.name === col.name);
              data[o].push(k >= 0 ? t.data[k][i] : null);
            }
          });
          rows++;
        }
        ctx.query.tick();
      }
      ctx.query.checkRows(rows, 'mv-apply');
      return { columns: output, data, length: rows };
    };
  },
});
