/**
 * Tests of workbook queries: which query of a workbook a test names (its handle), and the values its
 * parameter tokens take in the test, substituted by the same code that prepares the queries for the check
 * stage (load/workbook-tokens.ts), with real values instead of placeholders.
 */
import { durationText } from '../load/workbook-gallery.js';
import {
  substituteTokens,
  TIME_RANGE,
  type TokenParameter,
  type TokenValue,
} from '../load/workbook-tokens.js';
import type { TestCase, WorkbookItem, WorkbookQuery } from '../model/content.js';
import type { WorkbookDoc, WorkbookParameterDoc, WorkbookStep } from '../model/workbook.js';
import { formatTicks, parseDatetime, parseDuration, resolveTimestamp } from './time.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A query of a workbook with the handles a test may name it by. */
export interface HandledQuery {
  query: WorkbookQuery;
  /** Step name, title (or `parameter <Name>`), then the path. */
  handles: string[];
  /** The handle shown for it: the first that no other query of the workbook goes by (else the path). */
  handle: string;
  /** The path of the step (or parameter) in the file: `items.2.items.0`, `parameters.1`. */
  path: string;
}

/**
 * Each query of a workbook with its handles: a query step by its `name` and its title, a parameter's
 * query by `parameter <Name>`, any query by the path of its step (or parameter) in the file, dotted
 * (`items.2.items.0` in YAML, `items.3.content.items.1` in gallery JSON).
 */
export function workbookQueries(item: WorkbookItem): HandledQuery[] {
  const all = item.queries.map((query) => {
    const at = query.path.slice(0, -1);
    const isParameter = at.at(-2) === 'parameters';
    const stepPath = item.form === 'gallery' && at.at(-1) === 'content' ? at.slice(0, -1) : at;
    const step = valueAt(item.source.value, stepPath);
    const handles: string[] = [];
    if (isObject(step)) {
      if (isParameter) {
        if (typeof step.name === 'string') handles.push(`parameter ${step.name}`);
      } else {
        const content = item.form === 'gallery' && isObject(step.content) ? step.content : step;
        if (typeof step.name === 'string' && step.name.trim()) handles.push(step.name.trim());
        if (typeof content.title === 'string' && content.title.trim()) handles.push(content.title.trim());
      }
    }
    const path = stepPath.join('.');
    return { query, handles: [...new Set([...handles, path])], path };
  });
  // Portal step names repeat ('query - 0' in every group): show a handle that names one query only.
  const uses = new Map<string, number>();
  for (const q of all) for (const h of q.handles) uses.set(h, (uses.get(h) ?? 0) + 1);
  return all.map((q) => ({ ...q, handle: q.handles.find((h) => uses.get(h) === 1) ?? q.path }));
}

/** The query a test names, or why none can be chosen (with the handles to choose from). */
export function findWorkbookQuery(
  item: WorkbookItem,
  handle: string | undefined,
): { found: HandledQuery } | { error: string } {
  const all = workbookQueries(item);
  const listing = () =>
    all.length
      ? `; name one of: ${all.map((q) => (q.handle === q.path ? `'${q.path}'` : `'${q.handle}' (${q.path})`)).join(', ')}`
      : '; it has no Log Analytics query';
  if (handle === undefined || handle.trim() === '')
    return {
      error: `a test of a workbook says which of its queries it runs ('query:')${listing()}`,
    };
  const wanted = handle.trim();
  const matches = all.filter((q) => q.handles.includes(wanted));
  if (matches.length === 1) return { found: matches[0] };
  if (matches.length > 1)
    return {
      error: `query '${wanted}' is ambiguous: ${matches.length} queries of workbook '${item.title}' go by it (${matches.map((m) => m.path).join(', ')}); name one by its path`,
    };
  return { error: `workbook '${item.title}' has no query '${wanted}'${listing()}` };
}

/** The parameters the workbook declares (at the top and in parameter steps), by name. */
function declaredParameters(doc: WorkbookDoc): Map<string, WorkbookParameterDoc> {
  const out = new Map<string, WorkbookParameterDoc>();
  for (const p of doc.parameters ?? []) out.set(p.name, p);
  const walk = (steps: readonly WorkbookStep[]) => {
    for (const step of steps) {
      if ('parameters' in step) for (const p of step.parameters) if (!out.has(p.name)) out.set(p.name, p);
      if ('group' in step) walk(step.items);
    }
  };
  walk(doc.items ?? []);
  return out;
}

/**
 * The value of every parameter the test gives, else the workbook's own default (a time range's
 * duration, a dropdown's initial selection, unless that is a special `value::` selection); parameters
 * with neither are left out, and a query token that names one is reported when substituting.
 */
export function tokenValues(
  item: WorkbookItem,
  given: Record<string, unknown>,
  now: bigint,
): { values: Map<string, TokenValue> } | { error: string; parameter?: string } {
  const parameters = item.tokenParameters ?? new Map<string, TokenParameter>();
  const declared = declaredParameters(item.doc);
  const values = new Map<string, TokenValue>();
  for (const name of Object.keys(given)) {
    if (!parameters.has(name)) {
      const known = [...parameters.keys()];
      return {
        error: `workbook '${item.title}' has no parameter '${name}' (${known.length ? `its parameters: ${known.join(', ')}` : 'it has no parameters'})`,
        parameter: name,
      };
    }
  }
  for (const p of parameters.values()) {
    const hasGiven = Object.hasOwn(given, p.name);
    const value = hasGiven ? given[p.name] : defaultOf(p, declared.get(p.name));
    if (value === undefined) continue;
    const converted =
      p.type === TIME_RANGE ? timeRangeValue(value, now) : selectedValue(p, value, declared.get(p.name));
    if ('error' in converted) {
      // A default kqlc cannot read is no value: a token that uses it is reported when substituting.
      if (!hasGiven) continue;
      return { error: `parameter '${p.name}': ${converted.error}`, parameter: p.name };
    }
    values.set(p.name, converted.value);
  }
  return { values };
}

function defaultOf(p: TokenParameter, doc: WorkbookParameterDoc | undefined): unknown {
  const value = doc?.default ?? p.value;
  if (p.type === TIME_RANGE) {
    if (typeof value === 'string') return value;
    // Gallery JSON: { durationMs: 604800000 } (an absolute default range is not taken).
    if (isObject(value) && typeof value.durationMs === 'number' && Object.keys(value).length === 1)
      return durationText(value.durationMs);
    return undefined;
  }
  const special = (v: unknown) => typeof v === 'string' && v.startsWith('value::');
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value) ? value.length === 0 || value.some(special) : special(value)) return undefined;
  return value;
}

/**
 * `7d` (the last 7 days, ending at now), `{ last: 7d, grain?, label? }` the same with a grain or label, or
 * `{ start, end?, grain?, label? }` with datetimes or `now-2d`-style times (end: now).
 */
function timeRangeValue(value: unknown, now: bigint): { value: TokenValue } | { error: string } {
  const bad = {
    error: `${JSON.stringify(value)} is not a time range: give a duration ending at now ('7d'), { last: 7d, grain: 1h } or { start, end }`,
  };
  const duration = (text: unknown) => (typeof text === 'string' ? parseDuration(text) : undefined);
  const given = typeof value === 'string' ? { last: value } : value;
  if (!isObject(given)) return bad;
  const unknown = Object.keys(given).filter((k) => !['last', 'start', 'end', 'grain', 'label'].includes(k));
  if (unknown.length)
    return { error: `a time range has last or start and end, grain and label; not ${unknown.join(', ')}` };
  let start: bigint;
  let end: bigint;
  let query: string;
  let label: string;
  if (given.last !== undefined) {
    if (given.start !== undefined || given.end !== undefined)
      return { error: "give either 'last' or 'start' and 'end'" };
    const d = duration(given.last);
    if (d === undefined || d <= 0n) return bad;
    start = now - d;
    end = now;
    const text = durationText(Number(d / 10_000n));
    query = `> ago(${text})`;
    label = `Last ${durationLabel(text)}`;
  } else {
    const at = (v: unknown) =>
      v instanceof Date
        ? parseDatetime(v.toISOString())
        : typeof v === 'string'
          ? resolveTimestamp(v, now)
          : undefined;
    const s = at(given.start);
    const e = at(given.end ?? 'now');
    if (s === undefined || e === undefined)
      return { error: 'start and end must be datetimes (ISO 8601, or now-2d and the like)' };
    if (s > e) return { error: 'start is after end' };
    start = s;
    end = e;
    query = `between (datetime(${formatTicks(s)}) .. datetime(${formatTicks(e)}))`;
    label = `${formatTicks(s)} - ${formatTicks(e)}`;
  }
  let grain = '1h';
  if (given.grain !== undefined) {
    if (duration(given.grain) === undefined)
      return { error: `grain '${String(given.grain)}' is not a duration` };
    grain = String(given.grain);
  }
  if (given.label !== undefined) label = String(given.label);
  return {
    value: {
      kind: 'timeRange',
      start: formatTicks(start),
      end: formatTicks(end),
      query,
      label,
      grain,
      seconds: Number((end - start) / 10_000_000n),
    },
  };
}

function durationLabel(text: string): string {
  const m = /^(\d+)(ms|d|h|m|s)$/.exec(text);
  if (!m) return text;
  const unit = { ms: 'millisecond', s: 'second', m: 'minute', h: 'hour', d: 'day' }[m[2] as 'd'];
  return m[1] === '1' ? unit : `${m[1]} ${unit}s`;
}

/**
 * A text, dropdown or other parameter: a value, a list (multi-select), or `{ value, label }`. The label
 * defaults to the choice's label when the workbook lists fixed choices, else to the values joined by ', '.
 */
function selectedValue(
  p: TokenParameter,
  given: unknown,
  doc: WorkbookParameterDoc | undefined,
): { value: TokenValue } | { error: string } {
  let value = given;
  let label: string | undefined;
  if (isObject(given)) {
    const unknown = Object.keys(given).filter((k) => k !== 'value' && k !== 'label');
    if (unknown.length || !('value' in given))
      return { error: 'give a value, a list of values, or { value, label }' };
    value = given.value;
    if (given.label !== undefined) label = String(given.label);
  }
  const list = Array.isArray(value) ? value : [value];
  // The workbook does not run a query whose parameter has nothing selected.
  if (list.length === 0) return { error: 'no value selected: the workbook would not run the query' };
  if (list.length !== 1 && !p.multiSelect) return { error: 'takes one value (it is not multi-select)' };
  const values: string[] = [];
  for (const v of list) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')
      return { error: `${JSON.stringify(v)} is not a text, number or boolean value` };
    values.push(String(v));
  }
  const choiceLabel = (v: string) => {
    for (const c of doc?.choices ?? [])
      if (typeof c === 'object' && c.value === v && c.label !== undefined) return c.label;
    return v;
  };
  return { value: { kind: 'values', values, label: label ?? values.map(choiceLabel).join(', ') } };
}

/**
 * The query as the workbook would run it with these values; tokens without a value (or in a format kqlc
 * cannot render) are reported.
 */
export function substituteForTest(
  item: WorkbookItem,
  query: WorkbookQuery,
  values: ReadonlyMap<string, TokenValue>,
): { text: string } | { error: string; unsupported?: boolean } {
  const raw = valueAt(item.source.value, query.path);
  if (typeof raw !== 'string') return { error: 'the query is not text' };
  const parameters = item.tokenParameters ?? new Map<string, TokenParameter>();
  const result = substituteTokens(raw, parameters, values);
  const missing = result.problems.filter((p) => p.reason === 'missing');
  if (missing.length) {
    const names = [...new Set(missing.map((p) => p.name))];
    return {
      error: `the query uses ${names.map((n) => `{${n}}`).join(', ')}: give ${names.length === 1 ? 'it a value' : 'them values'} in parameters (the workbook sets no usable default)`,
    };
  }
  const unsupported = result.problems.find((p) => p.reason === 'unsupported');
  if (unsupported)
    return {
      error: `not supported by kqlc test: the token {${unsupported.name}:${unsupported.format}} (formats rendered: none, label, value, escape; for time ranges start, end, grain, seconds, label, query)`,
      unsupported: true,
    };
  return { text: result.text };
}

/**
 * The time context a workbook gives a query: the time range parameter it takes it from (YAML `timeRange`,
 * gallery `timeContextFromParameter`), else a fixed duration (gallery `timeContext.durationMs`). The Log
 * Analytics query API runs the query over that timespan only, as Sentinel runs a rule over its period.
 */
export function timeContextOf(
  item: WorkbookItem,
  handled: HandledQuery,
): { parameter: string } | { durationMs: number } | undefined {
  const at = handled.query.path.slice(0, -1);
  const stepPath = item.form === 'gallery' && at.at(-1) === 'content' ? at.slice(0, -1) : at;
  const step = valueAt(item.source.value, stepPath);
  if (!isObject(step)) return undefined;
  // Where the settings may be: the YAML step, a gallery step's content, what the YAML keeps under gallery.
  const gallery = isObject(step.gallery) ? step.gallery : {};
  const places = [step, step.content, gallery, gallery.content].filter(isObject);
  for (const place of places) {
    const from = place.timeRange ?? place.timeContextFromParameter;
    if (typeof from === 'string' && from !== '') return { parameter: from };
  }
  for (const place of places) {
    const context = place.timeContext;
    if (isObject(context) && typeof context.durationMs === 'number' && context.durationMs > 0)
      return { durationMs: context.durationMs };
  }
  return undefined;
}

/**
 * What a test of a workbook runs: the query it names, its tokens given the test's values, and the timespan
 * of its time context; or why it cannot run (an error at a path of the test, or an unsupported token).
 */
export function workbookTestQuery(
  item: WorkbookItem,
  test: TestCase,
  now: bigint,
):
  | { text: string; timespan?: { from: bigint; to: bigint } }
  | { problem: { status: 'error' | 'unsupported'; message: string; path: (string | number)[] } } {
  const error = (message: string, path: (string | number)[] = test.path) => ({
    problem: { status: 'error' as const, message, path },
  });
  const atParameters = test.parameters ? [...test.path, 'parameters'] : test.path;
  if (Object.keys(test.params).length)
    return error(`'params' are a parser's arguments; give a workbook's token values in 'parameters'`, [
      ...test.path,
      'params',
    ]);
  const found = findWorkbookQuery(item, test.query);
  if ('error' in found)
    return error(found.error, test.query === undefined ? test.path : [...test.path, 'query']);
  const values = tokenValues(item, test.parameters ?? {}, now);
  if ('error' in values)
    return error(
      values.error,
      test.parameters && values.parameter && Object.hasOwn(test.parameters, values.parameter)
        ? [...atParameters, values.parameter]
        : test.path,
    );
  const substituted = substituteForTest(item, found.found.query, values.values);
  if ('error' in substituted)
    return substituted.unsupported
      ? { problem: { status: 'unsupported', message: substituted.error, path: test.path } }
      : error(substituted.error, atParameters);
  // The query runs over its time context only, as the Log Analytics query API applies it.
  const context = timeContextOf(item, found.found);
  if (!context) return { text: substituted.text };
  if ('durationMs' in context)
    return {
      text: substituted.text,
      timespan: { from: now - BigInt(context.durationMs) * 10_000n, to: now },
    };
  const range = values.values.get(context.parameter);
  if (range?.kind !== 'timeRange')
    return error(
      `the query's time range is parameter '${context.parameter}', which has no value: give it one in parameters`,
      atParameters,
    );
  const from = parseDatetime(range.start);
  const to = parseDatetime(range.end);
  return {
    text: substituted.text,
    ...(from !== undefined && to !== undefined ? { timespan: { from, to } } : {}),
  };
}

function valueAt(value: unknown, at: readonly (string | number)[]): unknown {
  let v = value;
  for (const key of at) v = (v as Record<string | number, unknown> | undefined)?.[key];
  return v;
}
