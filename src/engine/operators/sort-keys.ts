/** Ordering shared by sort and top: descending by default; nulls first ascending, last descending, unless `nulls first|last`. */
import type { CompileContext, Scalar } from '../compile/context.js';
import { kindOf, type Node, typeOf } from '../compile/node.js';
import { compileScalar } from '../compile/scalar.js';
import type { Table } from '../table.js';
import { compareNonNull } from '../values/compare.js';

export interface SortKey {
  fn: Scalar;
  desc: boolean;
  nullsFirst: boolean;
  isString: boolean;
}

export function compileSortKey(expr: Node, ctx: CompileContext): SortKey {
  let e = expr;
  let desc = true;
  let nulls: string | undefined;
  if (kindOf(expr) === 'OrderedExpression') {
    e = expr.Expression;
    const ordering = expr.Ordering;
    const dir = String(ordering?.AscOrDescKeyword?.Text ?? '').toLowerCase();
    if (dir === 'asc') desc = false;
    nulls = ordering?.NullsClause?.FirstOrLastKeyword?.Text?.toLowerCase();
  }
  return {
    fn: compileScalar(e, ctx),
    desc,
    nullsFirst: nulls === undefined ? !desc : nulls === 'first',
    isString: typeOf(e) === 'string',
  };
}

/** Row indices of `t` in the order of `keys` (stable). */
export function sortedIndices(t: Table, keys: SortKey[]): number[] {
  const values = keys.map((k) => {
    const out = new Array<unknown>(t.length);
    for (let i = 0; i < t.length; i++) out[i] = k.fn(t.data, i);
    return out;
  });
  const idx = Array.from({ length: t.length }, (_, i) => i);
  idx.sort((a, b) => {
    for (let k = 0; k < keys.length; k++) {
      const x = values[k][a];
      const y = values[k][b];
      const key = keys[k];
      const xn = x === null || x === undefined;
      const yn = y === null || y === undefined;
      if (xn || yn) {
        if (xn && yn) continue;
        return (xn ? -1 : 1) * (key.nullsFirst ? 1 : -1);
      }
      const c = compareNonNull(x, y);
      if (c !== 0) return key.desc ? -c : c;
    }
    return a - b;
  });
  return idx;
}
