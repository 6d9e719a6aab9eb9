/** Columnar tables: one array per column, all of the same length; column names and types from the binder. */
import type { KqlType } from '../kql/types.js';

export interface Column {
  name: string;
  type: KqlType;
}

export interface Table {
  columns: Column[];
  /** data[c][r] is the value of column c in row r */
  data: unknown[][];
  length: number;
}

export function emptyTable(columns: Column[]): Table {
  return { columns, data: columns.map(() => []), length: 0 };
}

/** The values of `column` at `indices`, in that order. */
export function gatherColumn(column: readonly unknown[], indices: ArrayLike<number>): unknown[] {
  const n = indices.length;
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = column[indices[i]];
  return out;
}

/** The rows of `table` at `indices`, in that order. */
export function gatherRows(
  table: Table,
  indices: ArrayLike<number>,
  columns: Column[] = table.columns,
): Table {
  const n = indices.length;
  const data: unknown[][] = new Array(table.data.length);
  for (let c = 0; c < data.length; c++) data[c] = gatherColumn(table.data[c], indices);
  return { columns, data, length: n };
}

/** The null value of a type: strings are never null. */
export function nullOf(type: KqlType): unknown {
  return type === 'string' ? '' : null;
}
