/**
 * lookup: a join (kind=leftouter by default, or inner) whose output is the left columns then the right's
 * non-key columns. Like join, a left row meets every matching right row; null keys never match.
 */
import { columnsOf, namedParameters, tokenText } from '../compile/node.js';
import { compileTabular } from '../compile/tabular.js';
import { nullOf } from '../table.js';
import { compositeKey } from '../values/compare.js';
import { defineOperator } from './define.js';
import { compileJoinKeys } from './join-keys.js';

export default defineOperator({
  kinds: ['LookupOperator'],
  compile(node, input, ctx, output) {
    const kind = (tokenText(namedParameters(node).get('kind')) || 'leftouter').toLowerCase();
    if (kind !== 'leftouter' && kind !== 'inner') return ctx.unsupported(`lookup kind=${kind}`, node);
    const rightPlan = compileTabular(node.Expression, ctx.withSchema([]));
    const rightCols = columnsOf(node.Expression);
    const keys = compileJoinKeys(node.LookupClause, ctx.schema, rightCols, ctx);
    const extra = output.slice(ctx.schema.length).map((col) => {
      let k = rightCols.findIndex((c) => c.name === col.name && !keys.rightNames.includes(c.name));
      if (k < 0) k = rightCols.findIndex((c) => `${c.name}1` === col.name);
      return { k, type: col.type };
    });
    return () => {
      const L = input();
      const R = rightPlan();
      const index = new Map<unknown, number[]>();
      for (let j = 0; j < R.length; j++) {
        const vals = keys.right.map((f) => f(R.data, j));
        if (vals.some((v) => v === null || v === undefined)) continue;
        const key = compositeKey(vals);
        const list = index.get(key);
        if (list) list.push(j);
        else index.set(key, [j]);
      }
      const rows: [number, number][] = [];
      for (let i = 0; i < L.length; i++) {
        const vals = keys.left.map((f) => f(L.data, i));
        const matches = vals.some((v) => v === null || v === undefined)
          ? undefined
          : index.get(compositeKey(vals));
        if (matches) for (const j of matches) rows.push([i, j]);
        else if (kind !== 'inner') rows.push([i, -1]);
        ctx.query.tick();
      }
      ctx.query.checkRows(rows.length, 'lookup');
      const data = [
        ...L.data.map((col) => rows.map(([i]) => col[i])),
        ...extra.map(({ k, type }) => rows.map(([, j]) => (j < 0 || k < 0 ? nullOf(type) : R.data[k][j]))),
      ];
      return { columns: output, data, length: rows.length };
    };
  },
});
