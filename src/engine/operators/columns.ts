/** Helpers shared by the projecting operators: evaluate a column over a table, name expressions as the binder does. */
import { columnIndexOf, type QueryState, type Scalar } from '../compile/context.js';
import { kindOf, type Node } from '../compile/node.js';
import type { Column, Table } from '../table.js';

export function evaluateColumn(
  fn: Scalar,
  t: { data: unknown[][]; length: number },
  query: QueryState,
): unknown[] {
  // A bare column: the same values, so the same (never mutated) array.
  const k = columnIndexOf(fn);
  if (k !== undefined && t.data[k]?.length === t.length) return t.data[k];
  const out = new Array<unknown>(t.length);
  const cols = t.data;
  for (let i = 0; i < t.length; i++) {
    out[i] = fn(cols, i);
    query.tick();
  }
  return out;
}

/** The name an expression gives its column when written explicitly (`x = …` or a bare column), else undefined. */
export function explicitName(expr: Node): string | undefined {
  const kind = kindOf(expr);
  if (kind === 'SimpleNamedExpression') return String(expr.Name.SimpleName);
  if (kind === 'NameReference') return String(expr.SimpleName);
  return undefined;
}

/**
 * Output names of `extend`/`project` expressions: explicit names, and for the others the binder's
 * generated names (`Column1`, `TimeGenerated` for `bin(TimeGenerated, 1h)` …) in order.
 */
export function expressionNames(
  exprs: Node[],
  output: Column[],
  input: readonly Column[],
  extend: boolean,
): string[] {
  const explicit = exprs.map(explicitName);
  const taken = new Set(explicit.filter((n): n is string => n !== undefined));
  const generated = output
    .map((c) => c.name)
    .filter((n) => !taken.has(n) && (!extend || !input.some((c) => c.name === n)));
  let g = 0;
  return explicit.map((n, k) => n ?? generated[g++] ?? `Column${k + 1}`);
}

/** Selects input columns by output name (project-away, project-keep, project-reorder …). */
export function selectByName(t: Table, output: Column[]): Table {
  const data = output.map((c) => {
    const k = t.columns.findIndex((x) => x.name === c.name);
    return k >= 0 ? t.data[k] : new Array(t.length).fill(c.type === 'string' ? '' : null);
  });
  return { columns: output, data, length: t.length };
}
