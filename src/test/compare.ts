import { isDeepStrictEqual } from 'node:util';
import type { KqlType } from '../kql/types.js';
import type { ColumnDef } from '../kql/world.js';
import { asMatcher, matcherAccepts } from './matchers.js';
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

const OK: Comparison = { ok: true, message: '' };
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Expected columns the output lacks, as a failed comparison; undefined when all are there. */
function unknownColumns(expected: Record<string, unknown>[], actual: ActualResult): Comparison | undefined {
  const names = new Set(actual.columns.map((c) => c.name));
  const unknown = [...new Set(expected.flatMap((row) => Object.keys(row)))].filter((c) => !names.has(c));
  if (!unknown.length) return undefined;
  return {
    ok: false,
    message: `expected column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `'${c}'`).join(', ')} not in the output (columns: ${actual.columns.map((c) => c.name).join(', ')})`,
  };
}

function rowMatcher(actual: ActualResult, now: bigint) {
  const index = new Map(actual.columns.map((c, i) => [c.name, i]));
  const types = new Map(actual.columns.map((c) => [c.name, c.type]));
  return (e: Record<string, unknown>, a: unknown[]) =>
    Object.entries(e).every(([name, value]) => cellEquals(value, a[index.get(name)!], types.get(name)!, now));
}

/**
 * Compares the expected rows (each naming only the columns it cares about) with the actual result,
 * without regard to order: every expected row must match a distinct actual row, and no actual row
 * may be left over. With `contains`, actual rows may be left over.
 */
export function compareRows(
  expected: Record<string, unknown>[],
  actual: ActualResult,
  now: bigint,
  mode: 'exact' | 'contains' = 'exact',
): Comparison {
  const unknown = unknownColumns(expected, actual);
  if (unknown) return unknown;
  const matches = rowMatcher(actual, now);
  const pairing = maximumMatching(expected, actual.rows, matches);
  const missing = expected.filter((_, i) => pairing.expectedToActual[i] < 0);
  const extra = mode === 'exact' ? actual.rows.filter((_, j) => !pairing.matchedActual.has(j)) : [];
  if (!missing.length && !extra.length) return OK;
  const shown = [...new Set(expected.flatMap((row) => Object.keys(row)))];
  const head =
    mode === 'exact'
      ? `expected ${plural(expected.length, 'row')}, got ${actual.rows.length}`
      : `${plural(missing.length, 'expected row')} of ${expected.length} not among the ${plural(actual.rows.length, 'result row')}`;
  const lines = [head];
  for (const row of missing) {
    lines.push(`  - ${render(row)}`);
    if (mode === 'contains') {
      // Any result row may hint at what is off, matched to another expected row or not.
      const near = closest(row, actual.rows, actual, now);
      if (near) lines.push(`    closest: ${near}`);
    }
  }
  for (const row of extra) lines.push(`  + ${render(project(row, actual.columns, shown))}`);
  return { ok: false, message: lines.join('\n') };
}

/** Compares row by row, in order: `ordered: true`. */
export function compareOrdered(
  expected: Record<string, unknown>[],
  actual: ActualResult,
  now: bigint,
): Comparison {
  const unknown = unknownColumns(expected, actual);
  if (unknown) return unknown;
  const matches = rowMatcher(actual, now);
  const shown = [...new Set(expected.flatMap((row) => Object.keys(row)))];
  const lines: string[] = [];
  const n = Math.max(expected.length, actual.rows.length);
  for (let i = 0; i < n; i++) {
    const e = expected[i];
    const a = actual.rows[i];
    if (e && a && matches(e, a)) continue;
    lines.push(`  row ${i + 1}:`);
    if (e) lines.push(`  - ${render(e)}`);
    if (a) lines.push(`  + ${render(project(a, actual.columns, shown))}`);
  }
  if (!lines.length) return OK;
  return {
    ok: false,
    message: [
      `expected ${plural(expected.length, 'row')} in order, got ${actual.rows.length}`,
      ...lines,
    ].join('\n'),
  };
}

/** The output columns, names and types, in order. */
export function compareColumns(expected: Record<string, string>, actual: ActualResult): Comparison {
  const want = Object.entries(expected).map(([name, type]) => `${name}:${type}`);
  const got = actual.columns.map((c) => `${c.name}:${c.type}`);
  if (isDeepStrictEqual(want, got)) return OK;
  const missing = want.filter((c) => !got.includes(c));
  const extra = got.filter((c) => !want.includes(c));
  const lines = [`expected columns (${want.join(', ')})`, `     got columns (${got.join(', ')})`];
  if (missing.length) lines.push(`  - ${missing.join(', ')}`);
  if (extra.length) lines.push(`  + ${extra.join(', ')}`);
  if (!missing.length && !extra.length) lines.push('  (same columns, different order)');
  return { ok: false, message: lines.join('\n') };
}

/** The cells of the most similar unmatched row that differ from the expectation, for a readable hint. */
function closest(
  expected: Record<string, unknown>,
  candidates: unknown[][],
  actual: ActualResult,
  now: bigint,
): string | undefined {
  const index = new Map(actual.columns.map((c, i) => [c.name, i]));
  let best: { score: number; diff: string[] } | undefined;
  for (const row of candidates) {
    const diff: string[] = [];
    for (const [name, value] of Object.entries(expected)) {
      const i = index.get(name)!;
      if (!cellEquals(value, row[i], actual.columns[i].type, now))
        diff.push(`${name} is ${JSON.stringify(row[i])}`);
    }
    const score = Object.keys(expected).length - diff.length;
    if (score > 0 && (!best || score > best.score)) best = { score, diff };
  }
  return best?.diff.join(', ');
}

function project(row: unknown[], columns: ColumnDef[], names: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const pick = names.length ? names : columns.map((c) => c.name);
  columns.forEach((c, i) => {
    if (pick.includes(c.name)) out[c.name] = row[i];
  });
  return out;
}

export function render(row: Record<string, unknown>): string {
  return `{ ${Object.entries(row)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ')} }`;
}

/** Kuhn's augmenting paths: a maximum one-to-one pairing of expected rows with actual rows. */
export function maximumMatching<E, A>(expected: E[], actual: A[], matches: (e: E, a: A) => boolean) {
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

/** One expected cell (as written in YAML, possibly a matcher) against one actual cell (the engine's JSON form). */
export function cellEquals(expected: unknown, actual: unknown, type: KqlType, now: bigint): boolean {
  const matcher = asMatcher(expected);
  if (matcher) return matcherAccepts(matcher, actual);
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
      return dynamicEquals(expected, actual);
    default:
      return typeof expected === 'number' ? String(expected) === actual : expected === actual;
  }
}

/**
 * Dynamic values compare structurally (property order aside); a matcher may stand anywhere inside.
 * Mappings must have the same keys, arrays the same length.
 */
export function dynamicEquals(expected: unknown, actual: unknown): boolean {
  const matcher = asMatcher(expected);
  if (matcher) return matcherAccepts(matcher, actual);
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((e, i) => dynamicEquals(e, actual[i]))
    );
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return false;
    const ek = Object.keys(expected);
    const ak = Object.keys(actual);
    return (
      ek.length === ak.length &&
      ek.every(
        (k) =>
          Object.hasOwn(actual, k) &&
          dynamicEquals((expected as Record<string, unknown>)[k], (actual as Record<string, unknown>)[k]),
      )
    );
  }
  if (typeof expected === 'number' && typeof actual === 'number')
    return expected === actual || Math.abs(expected - actual) <= 1e-9 * Math.max(1, Math.abs(expected));
  return expected === actual || (expected === null && actual === undefined);
}
