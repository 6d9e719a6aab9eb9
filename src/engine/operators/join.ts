/**
 * join: kind=innerunique by default (left rows de-duplicated on the key, first kept), inner, leftouter,
 * rightouter, fullouter, leftanti/anti, rightanti, leftsemi, rightsemi. Null keys never match; unmatched
 * cells of outer joins are the type's null ("" for strings). Output columns (with the `1` suffixes) from the binder.
 */
import type { KqlType } from '../../kql/types.js';
import { type DeferredTable, deferredPlan } from '../compile/context.js';
import { columnsOf, namedParameters, tokenText } from '../compile/node.js';
import { compileTabular } from '../compile/tabular.js';
import { nullOf } from '../table.js';
import { defineOperator } from './define.js';
import { compileJoinKeys, keyReader } from './join-keys.js';

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
    const query = ctx.query;
    const unique = kind === 'innerunique';
    const anti = kind === 'leftanti' || kind === 'anti' || kind === 'leftantisemi';
    const semi = kind === 'leftsemi';
    const keepsLeftUnmatched = kind === 'leftouter' || kind === 'fullouter';
    const pairsMatches = kind !== 'rightsemi' && kind !== 'rightanti' && kind !== 'rightantisemi';
    const defer = (): DeferredTable => {
      const L = input();
      const R = rightPlan();
      // Hash the right side: key → its rows, in order.
      const rightKey = keyReader(keys.right, R.data);
      const index = new Map<unknown, number | number[]>();
      for (let j = 0; j < R.length; j++) {
        const k = rightKey(j);
        if (k === undefined) continue;
        const seen = index.get(k);
        if (seen === undefined) index.set(k, j);
        else if (typeof seen === 'number') index.set(k, [seen, j]);
        else seen.push(j);
      }
      // Output rows as two parallel index lists; -1 = no row on that side.
      const li: number[] = [];
      const ri: number[] = [];
      const rightMatched = new Uint8Array(R.length);
      const seenLeft = new Set<unknown>();
      const leftKey = keyReader(keys.left, L.data);
      const maxRows = query.limits.maxRows;
      for (let i = 0; i < L.length; i++) {
        query.tick();
        const k = leftKey(i);
        const matches = k === undefined ? undefined : index.get(k);
        if (unique) {
          if (k === undefined || seenLeft.has(k)) continue;
          seenLeft.add(k);
        }
        if (anti || semi) {
          if ((matches === undefined) === anti) {
            li.push(i);
            ri.push(-1);
          }
          continue;
        }
        if (matches === undefined) {
          if (keepsLeftUnmatched) {
            li.push(i);
            ri.push(-1);
          }
        } else if (typeof matches === 'number') {
          rightMatched[matches] = 1;
          if (pairsMatches) {
            li.push(i);
            ri.push(matches);
          }
        } else {
          for (const j of matches) {
            rightMatched[j] = 1;
            if (pairsMatches) {
              li.push(i);
              ri.push(j);
            }
            query.tick();
          }
        }
        if (li.length > maxRows) query.checkRows(li.length, 'join');
      }
      if (kind === 'rightsemi')
        for (let j = 0; j < R.length; j++)
          if (rightMatched[j]) {
            li.push(-1);
            ri.push(j);
          }
      if (kind === 'rightanti' || kind === 'rightantisemi' || kind === 'rightouter' || kind === 'fullouter')
        for (let j = 0; j < R.length; j++)
          if (!rightMatched[j]) {
            li.push(-1);
            ri.push(j);
          }
      let rows: number[] | undefined; // output order, when it is not the lists' order
      if (kind === 'rightouter') {
        rows = li.map((_, p) => p);
        rows.sort((a, b) => (ri[a] === ri[b] ? li[a] - li[b] : ri[a] - ri[b]));
      }
      const n = li.length;
      query.checkRows(n, 'join');
      const column = (side: number[], src: unknown[], type: KqlType): unknown[] => {
        const empty = nullOf(type);
        const out = new Array<unknown>(n);
        if (rows)
          for (let p = 0; p < n; p++) {
            const r = side[rows[p]];
            out[p] = r < 0 ? empty : src[r];
          }
        else
          for (let p = 0; p < n; p++) {
            const r = side[p];
            out[p] = r < 0 ? empty : src[r];
          }
        return out;
      };
      const typeAt = (c: number) => output[c]?.type ?? 'dynamic';
      const width =
        layout === 'both'
          ? leftCols.length + rightCols.length
          : layout === 'left'
            ? leftCols.length
            : rightCols.length;
      return {
        length: n,
        width,
        column: (c) => {
          if (layout === 'right') return column(ri, R.data[c], typeAt(c));
          if (c < leftCols.length) return column(li, L.data[c], typeAt(c));
          return column(ri, R.data[c - leftCols.length], typeAt(c));
        },
      };
    };
    return deferredPlan(output, defer);
  },
});
