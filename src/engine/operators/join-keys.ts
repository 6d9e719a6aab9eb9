/** Join conditions: `on Col`, `on $left.A == $right.B` (and several, joined by commas or `and`). */
import { type CompileContext, columnIndexOf, columnReader, type Scalar } from '../compile/context.js';
import { elements, kindOf, type Node } from '../compile/node.js';
import type { Column } from '../table.js';
import { compositeKey, keyOf } from '../values/compare.js';

export interface JoinKeys {
  left: Scalar[];
  right: Scalar[];
  /** right-side column names used as keys (lookup drops them from its output) */
  rightNames: string[];
}

function column(name: string, schema: readonly Column[], ctx: CompileContext, node: Node): Scalar {
  const k = schema.findIndex((c) => c.name === name);
  if (k < 0) return ctx.unsupported(`join key '${name}'`, node);
  return columnReader(k);
}

/**
 * Reads the hash key of row i of a table (compositeKey of its key values), or undefined when a key value
 * is null: null keys never match. One key column is read straight from its array.
 */
export function keyReader(fns: readonly Scalar[], data: unknown[][]): (i: number) => unknown {
  if (fns.length === 1) {
    const k = columnIndexOf(fns[0]);
    const f = fns[0];
    if (k !== undefined) {
      const col = data[k];
      return (i) => {
        const v = col[i];
        return v === null || v === undefined ? undefined : typeof v === 'object' ? keyOf(v) : v;
      };
    }
    return (i) => {
      const v = f(data, i);
      return v === null || v === undefined ? undefined : keyOf(v);
    };
  }
  const values = new Array<unknown>(fns.length);
  return (i) => {
    for (let k = 0; k < fns.length; k++) {
      const v = fns[k](data, i);
      if (v === null || v === undefined) return undefined;
      values[k] = v;
    }
    return compositeKey(values);
  };
}

function side(e: Node): { side: 'left' | 'right' | undefined; name: string } {
  if (kindOf(e) === 'PathExpression') {
    const s = String(e.Expression.SimpleName ?? '').toLowerCase();
    return {
      side: s === '$left' ? 'left' : s === '$right' ? 'right' : undefined,
      name: String(e.Selector.SimpleName),
    };
  }
  return { side: undefined, name: String(e.SimpleName ?? '') };
}

export function compileJoinKeys(
  clause: Node,
  left: readonly Column[],
  right: readonly Column[],
  ctx: CompileContext,
): JoinKeys {
  const keys: JoinKeys = { left: [], right: [], rightNames: [] };
  const visit = (e: Node) => {
    const kind = kindOf(e);
    if (kind === 'AndExpression') {
      visit(e.Left);
      visit(e.Right);
    } else if (kind === 'NameReference') {
      const name = String(e.SimpleName);
      keys.left.push(column(name, left, ctx, e));
      keys.right.push(column(name, right, ctx, e));
      keys.rightNames.push(name);
    } else if (kind === 'EqualExpression') {
      const a = side(e.Left);
      const b = side(e.Right);
      const l = a.side === 'right' ? b : a;
      const r = a.side === 'right' ? a : b;
      keys.left.push(column(l.name, left, ctx, e));
      keys.right.push(column(r.name, right, ctx, e));
      keys.rightNames.push(r.name);
    } else ctx.unsupported('join condition other than equality of columns', e);
  };
  if (kindOf(clause) !== 'JoinOnClause') ctx.unsupported('join … where', clause);
  for (const e of elements(clause.Expressions)) visit(e);
  return keys;
}
