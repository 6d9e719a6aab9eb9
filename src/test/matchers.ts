/**
 * Per-cell matchers in expectations, written in YAML as:
 *   '$any'                               any value, null included
 *   { $regex: '^adele' }                 RE2, searched in the cell's text (anchor it to match whole)
 *   { $approx: 1.5, tolerance: 0.01 }    a number within ± tolerance (default 1e-9 relative)
 * A mapping is a matcher only when its first key starts with `$`; other mappings are dynamic values.
 */
import { RE2JS } from 're2js';

export type Matcher =
  | { kind: 'any' }
  | { kind: 'regex'; pattern: string; re: RE2JS }
  | { kind: 'approx'; value: number; tolerance: number | undefined };

/** Thrown for a malformed matcher; the runner reports the test as an error. */
export class MatcherError extends Error {}

const compiled = new WeakMap<object, Matcher>();

/** The matcher `value` spells, undefined when it is a plain value. */
export function asMatcher(value: unknown): Matcher | undefined {
  if (value === '$any') return { kind: 'any' };
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (!keys.length || !keys[0].startsWith('$')) return undefined;
  const cached = compiled.get(value);
  if (cached) return cached;
  const m = compileMatcher(value as Record<string, unknown>, keys);
  compiled.set(value, m);
  return m;
}

function compileMatcher(value: Record<string, unknown>, keys: string[]): Matcher {
  const shown = JSON.stringify(value);
  if ('$regex' in value) {
    if (keys.length !== 1) throw new MatcherError(`${shown}: $regex takes no other keys`);
    if (typeof value.$regex !== 'string') throw new MatcherError(`${shown}: $regex needs a string`);
    try {
      return { kind: 'regex', pattern: value.$regex, re: RE2JS.compile(value.$regex) };
    } catch (e) {
      throw new MatcherError(`${shown}: not a valid RE2 regular expression: ${(e as Error).message}`);
    }
  }
  if ('$approx' in value) {
    const extra = keys.filter((k) => k !== '$approx' && k !== 'tolerance');
    if (extra.length) throw new MatcherError(`${shown}: $approx takes only 'tolerance' besides`);
    if (typeof value.$approx !== 'number') throw new MatcherError(`${shown}: $approx needs a number`);
    const tolerance = value.tolerance;
    if (tolerance !== undefined && (typeof tolerance !== 'number' || tolerance < 0))
      throw new MatcherError(`${shown}: tolerance must be a number ≥ 0`);
    return { kind: 'approx', value: value.$approx, tolerance };
  }
  throw new MatcherError(`${shown}: unknown matcher (use '$any', $regex or $approx)`);
}

/** Whether `actual` (the engine's JSON form, or its text for regex) satisfies the matcher. */
export function matcherAccepts(m: Matcher, actual: unknown): boolean {
  switch (m.kind) {
    case 'any':
      return true;
    case 'regex': {
      if (actual === null || actual === undefined) return false;
      const text = typeof actual === 'string' ? actual : JSON.stringify(actual);
      return m.re.test(text);
    }
    case 'approx': {
      if (actual === null || actual === undefined || actual === '' || typeof actual === 'boolean')
        return false;
      const a = Number(actual);
      if (Number.isNaN(a)) return false;
      const tolerance = m.tolerance ?? 1e-9 * Math.max(1, Math.abs(m.value), Math.abs(a));
      return Math.abs(a - m.value) <= tolerance;
    }
  }
}
