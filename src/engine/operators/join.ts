/**
 * join: kind=innerunique by default (left rows de-duplicated on the key, first kept), inner, leftouter,
 * rightouter, fullouter, leftanti/anti, rightanti, leftsemi, rightsemi. Null keys never match; unmatched
 * cells of outer joins are the type's null ("" for strings). Output columns (with the `1` suffixes) from the binder.
 */
import { columnsOf, namedParameters, tokenText } from '../compile/node.js';
import { compileTabular } from '../compile/tabular.js';
import { nullOf, type Table } from '../table.js';
import { compositeKey } from '../values/compare.js';
import { defineOperator } from './define.js';
import { compileJoinKeys } from './join-keys.js';

function keyOfRow(fns: ((c: unknown[][], i: number) => unknown)[], t: Table, i: number): unknown {
  const values = fns.map((f) => f(t.data, i));
  if (values.some((v) => v === null || v === undefined)) return undefined;
  return compositeKey(values);
}

export default defineOperator({
  kinds: ['JoinOperator'],
  compile(node, input, ctx, output) {
    const kind = (tokenText(namedParameters(node).get('kind')) || 'innerunique').toLowerCase();
    const known = [
      'innerunique',
      'inner',
      'leftouter',
      'rightouter',
      'fullouter',
      'leftanti',
      'anti',
      'leftantisemi',
      'rightanti',
      'rightantisemi',
      'leftsemi',
      'rightsemi',
    ];
    if (!known.includes(kind)) return ctx.unsupported(`join kind=${kind}`, node);
    const rightPlan = compileTabular(node.Expression, ctx.withSchema([]));
    const leftCols = ctx.schema;
    const rightCols = columnsOf(node.Expression);
    const keys = compileJoinKeys(node.ConditionClause, leftCols, rightCols, ctx);
    const width = output.length;
    const layout =
      width === leftCols.length + rightCols.length ? 'both' : kind.startsWith('right') ? 'right' : 'left';
    return () => {
      const L = input();
      const R = rightPlan();
      const index = new Map<unknown, number[]>();
      for (let j = 0; j < R.length; j++) {
        const k = keyOfRow(keys.right, R, j);
        if (k === undefined) continue;
        const list = index.get(k);
        if (list) list.push(j);
        else index.set(k, [j]);
      }
      const pairs: [number, number][] = []; // -1 = no row on that side
      const rightMatched = new Uint8Array(R.length);
      const seenLeft = new Set<unknown>();
      for (let i = 0; i < L.length; i++) {
        const k = keyOfRow(keys.left, L, i);
        const matches = k === undefined ? undefined : index.get(k);
        if (kind === 'innerunique') {
          if (k === undefined || seenLeft.has(k)) continue;
          seenLeft.add(k);
        }
        if (kind === 'leftanti' || kind === 'anti' || kind === 'leftantisemi') {
          if (!matches) pairs.push([i, -1]);
          continue;
        }
        if (kind === 'leftsemi') {
          if (matches) pairs.push([i, -1]);
          continue;
        }
        if (matches) {
          for (const j of matches) {
            rightMatched[j] = 1;
            if (kind !== 'rightsemi' && kind !== 'rightanti' && kind !== 'rightantisemi') pairs.push([i, j]);
            ctx.query.tick();
          }
        } else if (kind === 'leftouter' || kind === 'fullouter') pairs.push([i, -1]);
        if (pairs.length > ctx.query.limits.maxRows) ctx.query.checkRows(pairs.length, 'join');
        ctx.query.tick();
      }
      if (kind === 'rightsemi') for (let j = 0; j < R.length; j++) if (rightMatched[j]) pairs.push([-1, j]);
      if (kind === 'rightanti' || kind === 'rightantisemi')
        for (let j = 0; j < R.length; j++) if (!rightMatched[j]) pairs.push([-1, j]);
      if (kind === 'rightouter' || kind === 'fullouter')
        for (let j = 0; j < R.length; j++) if (!rightMatched[j]) pairs.push([-1, j]);
      if (kind === 'rightouter') pairs.sort((a, b) => (a[1] === b[1] ? a[0] - b[0] : a[1] - b[1]));
      ctx.query.checkRows(pairs.length, 'join');
      const data: unknown[][] = [];
      const emit = (t: Table, side: 0 | 1, offset: number, count: number) => {
        for (let c = 0; c < count; c++) {
          const src = t.data[c];
          const type = output[offset + c]?.type ?? 'dynamic';
          data.push(pairs.map((p) => (p[side] < 0 ? nullOf(type) : src[p[side]])));
        }
      };
      if (layout === 'both') {
        emit(L, 0, 0, leftCols.length);
        emit(R, 1, leftCols.length, rightCols.length);
      } else if (layout === 'left') emit(L, 0, 0, leftCols.length);
      else emit(R, 1, 0, rightCols.length);
      return { columns: output, data, length: pairs.length };
    };
  },
});
