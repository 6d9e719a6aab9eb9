/**
 * mv-expand: one row per array element (several columns expand in parallel, padded with null); a bag
 * gives one row per property (`{key: value}`, or `[key, value]` with bagexpansion=array); an empty
 * array or bag gives no row; null or a scalar gives one row with itself. `to typeof(T)` converts.
 */
import type { Scalar } from '../compile/context.js';
import { elements, kindOf, type Node, namedParameters, tokenText } from '../compile/node.js';
import { compileScalar, evaluateConstant } from '../compile/scalar.js';
import { fromDynamic } from '../values/convert.js';
import { type Dyn, isBag } from '../values/dynamic.js';
import { defineOperator } from './define.js';

function expand(v: unknown, asArray: boolean): Dyn[] {
  if (Array.isArray(v)) return v as Dyn[];
  if (isBag(v)) return Object.keys(v).map((k) => (asArray ? [k, v[k]] : { [k]: v[k] }));
  return [v as Dyn];
}

export default defineOperator({
  kinds: ['MvExpandOperator'],
  compile(node, input, ctx, output) {
    const params = namedParameters(node);
    const bagAsArray = tokenText(params.get('bagexpansion')).toLowerCase() === 'array';
    const itemIndexName = params.has('with_itemindex') ? tokenText(params.get('with_itemindex')) : undefined;
    const limitNode = node.RowLimitClause?.RowLimit;
    const limit = limitNode ? Number(evaluateConstant(limitNode, ctx)) : Number.POSITIVE_INFINITY;
    const inputNames = new Set(ctx.schema.map((c) => c.name));
    const created = output
      .filter((c) => !inputNames.has(c.name) && c.name !== itemIndexName)
      .map((c) => c.name);
    let g = 0;
    const targets: { name: string; fn: Scalar }[] = [];
    for (const e of elements(node.Expressions) as Node[]) {
      const expr = e.Expression;
      const kind = kindOf(expr);
      let name: string;
      if (kind === 'SimpleNamedExpression') name = String(expr.Name.SimpleName);
      else if (kind === 'NameReference') name = String(expr.SimpleName);
      else name = created[g++] ?? `Column${targets.length + 1}`;
      targets.push({ name, fn: compileScalar(expr, ctx) });
    }
    const plan = output.map((col) => {
      const t = targets.findIndex((x) => x.name === col.name);
      if (t >= 0) return { kind: 'target' as const, t, type: col.type };
      if (col.name === itemIndexName) return { kind: 'index' as const };
      return { kind: 'input' as const, k: ctx.columnIndex(col.name, node) };
    });
    const query = ctx.query;
    return () => {
      const tbl = input();
      const cols = tbl.data;
      const data: unknown[][] = output.map(() => []);
      const lists = new Array<Dyn[]>(targets.length);
      let rows = 0;
      for (let i = 0; i < tbl.length; i++) {
        let longest = 0;
        for (let t = 0; t < targets.length; t++) {
          const list = expand(targets[t].fn(cols, i), bagAsArray);
          lists[t] = list;
          if (list.length > longest) longest = list.length;
        }
        const n = Math.min(limit, longest);
        for (let j = 0; j < n; j++) {
          for (let o = 0; o < plan.length; o++) {
            const p = plan[o];
            if (p.kind === 'input') data[o].push(cols[p.k][i]);
            else if (p.kind === 'index') data[o].push(j);
            else {
              const list = lists[p.t];
              const v = j < list.length ? list[j] : null;
              data[o].push(p.type === 'dynamic' ? v : fromDynamic(v, p.type));
            }
          }
          rows++;
          query.tick();
        }
        if (rows > query.limits.maxRows) query.checkRows(rows, 'mv-expand');
      }
      return { columns: output, data, length: rows };
    };
  },
});
