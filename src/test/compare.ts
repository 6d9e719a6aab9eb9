import { isDeepStrictEqual } from 'node:util';
import type { KqlType } from '../kql/types.js';
import type { ColumnDef } from '../kql/world.js';
import { parseDatetime, resolveTimestamp } from './time.js';

export interface ActualResult {
  columns: ColumnDef[];
  rows: unknown[][];
}

export interface Comparison {
  ok: boolean;
  /** Human-readable explanation when not ok: what was expected, what came, a row diff. */
  message: string;
}

/**
 * Compares the expected rows (each naming only the columns it cares about) with the actual result,
 * without regard to order: every expected row must match a distinct actual row, and no actual row
 * may be left over.
 */
export function compareRows(
  expected: Record<string, unknown>[],
  actual: ActualResult,
  now: bigint,
): Comparison {
  const types = new Map(actual.columns.map((c) => [c.name, c.type]));
  const unknown = [...new Set(expected.flatMap((row) => Object.keys(row)))].filter((c) => !types.has(c));
  if (unknown.length) {
    return {
      ok: false,
      message: `expected column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `'${c}'`).join(', ')} not in the output (columns: ${actual.columns.map((c) => c.name).join(', ')})`,
    };
  }
  const index = new Map(actual.columns.map((c, i) => [c.name, i]));
  const matches = (e: Record<string, unknown>, a: unknown[]) =>
    Object.entries(e).every(([name, value]) => cellEquals(value, a[index.get(name)!], types.get(name)!, now));
  const pairing = maximumMatching(expected, actual.rows, matches);
  const missing = expected.filter((_, i) => pairing.expectedToActual[i] < 0);
  const extra = actual.rows.filter((_, j) => !pairing.matchedActual.has(j));
  if (!missing.length && !extra.length) return { ok: true, message: '' };
  const shown = [...new Set(expected.flatMap((row) => Object.keys(row)))];
  const lines = [
    `expected ${expected.length} row${expected.length === 1 ? '' : 's'}, got ${actual.rows.length}`,
    ...missing.map((row) => `  - ${render(row)}`),
    ...extra.map((row) => `  + ${render(project(row, actual.columns, shown))}`),
  ];
  return { ok: false, message: lines.join('\n') };
}

function project(row: unknown[], columns: ColumnDef[], names: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const pick = names.length ? names : columns.map((c) => c.name);
  columns.forEach((c, i) => {
    if (pick.includes(c.name)) out[c.name] = row[i];
  });
  return out;
}

function render(row: Record<string, unknown>): string {
  return `{ ${Object.entries(row)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ')} }`;
}

/** Kuhn's augmenting paths: a maximum one-to-one pairing of expected rows with actual rows. */
function maximumMatching<E, A>(expected: E[], actual: A[], matches: (e: E, a: A) => boolean) {
  const candidates = expected.map((e) => actual.flatMap((a, j) => (matches(e, a) ? [j] : [])));
  const actualToExpected = new Int32Array(actual.length).fill(-1);
  const tryAssign = (i: number, seen: Uint8Array): boolean => {
    for (const j of candidates[i]) {
      if (seen[j]) continue;
      seen[j] = 1;
      if (actualToExpected[j] < 0 || tryAssign(actualToExpected[j], seen)) {
        actualToExpected[j] = i;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < expected.length; i++) tryAssign(i, new Uint8Array(actual.length));
  const expectedToActual = new Int32Array(expected.length).fill(-1);
  const matchedActual = new Set<number>();
  actualToExpected.forEach((i, j) => {
    if (i >= 0) {
      expectedToActual[i] = j;
      matchedActual.add(j);
    }
  });
  return { expectedToActual, matchedActual };
}

/** One expected cell (as written in YAML) against one actual cell (the engine's JSON form). */
export function cellEquals(expected: unknown, actual: unknown, type: KqlType, now: bigint): boolean {
  if (expected === null || expected === undefined)
    return actual === null || (type === 'string' && actual === '');
  switch (type) {
    case 'datetime': {
      if (typeof actual !== 'string') return false;
      const e = typeof expected === 'string' ? resolveTimestamp(expected, now) : undefined;
      return e !== undefined && e === parseDatetime(actual);
    }
    case 'int':
    case 'long':
      return actual !== null && String(expected) === String(actual);
    case 'real':
    case 'decimal': {
      const e = Number(expected);
      const a = Number(actual);
      if (actual === null || Number.isNaN(e)) return false;
      return e === a || Math.abs(e - a) <= 1e-9 * Math.max(1, Math.abs(e), Math.abs(a));
    }
    case 'bool':
      return expected === actual || String(expected).toLowerCase() === String(actual);
    case 'dynamic':
      return isDeepStrictEqual(normaliseJson(expected), normaliseJson(actual));
    default:
      return typeof expected === 'number' ? String(expected) === actual : expected === actual;
  }
}

/** Sorts object keys so that dynamic values compare without regard to property order. */
function normaliseJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normaliseJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, normaliseJson((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
