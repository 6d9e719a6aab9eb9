/**
 * Workbook parameter tokens (`{TimeRange}`, `{TimeRange:start}`, `{Workload}`, `{Workload:label}`,
 * `{Workload:escape}` …) replaced by typed placeholders, so a workbook query can be analysed as KQL,
 * with the way back from an offset in the result to the query as written.
 *
 * A placeholder is what the workbook would insert for a representative value: the parameter's own
 * value when the workbook sets one, else a stand-in of its type. Multi-select values are quoted and
 * delimited as the parameter says; a time range is `> ago(1d)`, its start and end `datetime(…)` (or the
 * bare ISO 8601 text inside `datetime(…)` or a string), its grain `1h`. Inside a string literal or comment the
 * placeholder is plain text without quotes. A token that names no parameter is left as written.
 */

/** Gallery JSON parameter types (KqlParameterItem/1.0 `type`). */
export const TIME_RANGE = 4;
export const RESOURCE = 5;
export const SUBSCRIPTION = 6;

export interface TokenParameter {
  name: string;
  /** Gallery type number: 1 text, 2 dropdown, 4 time range, 5 resource, 6 subscription … */
  type: number;
  multiSelect?: boolean;
  quote?: string;
  delimiter?: string;
  /** The value the workbook sets, if any. */
  value?: unknown;
}

export interface Substituted {
  text: string;
  /** Offset in the query as written of the character at `offset` in `text`. */
  toRaw(offset: number): number;
  /** Tokens that were replaced: where they stand in the query as written. */
  tokens: { name: string; format: string; start: number; end: number }[];
  /**
   * With `values`: tokens that got no real value, because the parameter has none (`missing`) or the
   * format is one kqlc cannot render (`unsupported`); each still got its placeholder.
   */
  problems: { name: string; format: string; start: number; reason: 'missing' | 'unsupported' }[];
}

/**
 * A real value of a parameter (a test's), to be formatted as the workbook formats it: a time range with
 * its bounds (ISO 8601), query form (`> ago(7d)`), label and grain; any other parameter as its selected
 * values (one unless multi-select) and label.
 */
export type TokenValue =
  | {
      kind: 'timeRange';
      start: string;
      end: string;
      query: string;
      label: string;
      grain: string;
      seconds: number;
    }
  | { kind: 'values'; values: string[]; label: string };

const TOKEN = /\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}\r\n]*))?\}/g;
const SAMPLE_WORKSPACE =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg/providers/microsoft.operationalinsights/workspaces/workspace';
const SAMPLE_SUBSCRIPTION = '/subscriptions/00000000-0000-0000-0000-000000000000';

/**
 * Replaces the tokens of `raw` that name a parameter. Without `values`, each gets a representative
 * placeholder (the check stage); with `values` (a test's, by parameter name), each gets its value
 * formatted as the workbook would, and a token without one is reported in `problems`.
 */
export function substituteTokens(
  raw: string,
  parameters: ReadonlyMap<string, TokenParameter>,
  values?: ReadonlyMap<string, TokenValue>,
): Substituted {
  const byLowerName = new Map([...parameters.values()].map((p) => [p.name.toLowerCase(), p]));
  const inText = textRanges(raw);
  const segments: { out: number; raw: number; outLength: number; rawLength: number }[] = [];
  const tokens: Substituted['tokens'] = [];
  const problems: Substituted['problems'] = [];
  let text = '';
  let last = 0;
  for (const m of raw.matchAll(TOKEN)) {
    const parameter = parameters.get(m[1]) ?? byLowerName.get(m[1].toLowerCase());
    if (!parameter) continue;
    const start = m.index ?? 0;
    const format = (m[2] ?? '').trim();
    const insideDatetime = /\bdatetime\(\s*$/i.test(raw.slice(Math.max(0, start - 12), start));
    let replacement = placeholder(parameter, format, inText(start), insideDatetime);
    if (values) {
      const value = values.get(parameter.name);
      const formatted = value && formatValue(parameter, value, format, inText(start), insideDatetime);
      if (formatted !== undefined) replacement = formatted;
      else problems.push({ name: parameter.name, format, start, reason: value ? 'unsupported' : 'missing' });
    }
    text += raw.slice(last, start);
    segments.push({ out: text.length, raw: start, outLength: replacement.length, rawLength: m[0].length });
    text += replacement;
    last = start + m[0].length;
    tokens.push({ name: parameter.name, format, start, end: last });
  }
  text += raw.slice(last);
  const toRaw = (offset: number): number => {
    let shift = 0;
    for (const s of segments) {
      if (offset < s.out) break;
      if (offset < s.out + s.outLength) return s.raw + Math.min(offset - s.out, s.rawLength - 1);
      shift = s.raw + s.rawLength - (s.out + s.outLength);
    }
    return Math.max(0, Math.min(raw.length, offset + shift));
  };
  return { text, toRaw, tokens, problems };
}

function placeholder(p: TokenParameter, format: string, quoted: boolean, insideDatetime: boolean): string {
  const f = format.toLowerCase();
  if (p.type === TIME_RANGE) {
    // Microsoft's own workbooks write both `range({TimeRange:start}, …)` and `datetime({TimeRange:start})`.
    const iso = (text: string) => (quoted || insideDatetime ? text : `datetime(${text})`);
    if (f === 'start') return iso('2024-01-01T00:00:00.000Z');
    if (f === 'end') return iso('2024-01-02T00:00:00.000Z');
    if (f === 'grain') return '1h';
    if (f === 'seconds') return '86400';
    if (f === 'label') return 'Last 24 hours';
    return quoted ? 'Last 24 hours' : '> ago(1d)';
  }
  const value = representative(p);
  if (quoted || f === 'label' || f === 'escape' || f.startsWith('escape') || f.startsWith('$'))
    return plain(value);
  if (p.multiSelect) {
    const quote = p.quote ?? "'";
    return `${quote}${plain(value)}${quote}`;
  }
  if (knownValue(p) !== undefined) return value;
  // Nothing says what the value looks like: take it to be a string.
  return `'${plain(value)}'`;
}

/**
 * A real value as the workbook inserts it: a time range as its query form (`> ago(7d)`, or
 * `between (datetime(…) .. datetime(…))`; its label inside a string literal or comment), `:start` and
 * `:end` as datetimes, `:grain`, `:seconds`, `:label`; other parameters as the value, a multi-select's
 * values each quoted and joined by the delimiter, `:label`, `:value`, `:escape` (quotes and backslashes
 * escaped). Undefined for a format kqlc does not render.
 */
function formatValue(
  p: TokenParameter,
  v: TokenValue,
  format: string,
  quoted: boolean,
  insideDatetime: boolean,
): string | undefined {
  const f = format.toLowerCase();
  if (v.kind === 'timeRange') {
    const iso = (text: string) => (quoted || insideDatetime ? text : `datetime(${text})`);
    if (f === 'start') return iso(v.start);
    if (f === 'end') return iso(v.end);
    if (f === 'grain') return v.grain;
    if (f === 'seconds') return String(v.seconds);
    if (f === 'label') return v.label;
    if (f === 'value' || f === 'query') return v.query;
    if (f === '') return quoted ? v.label : v.query;
    return undefined;
  }
  const quote = p.multiSelect ? (p.quote ?? "'") : '';
  const formatted = v.values.map((x) => `${quote}${x}${quote}`).join(p.delimiter ?? ',');
  if (f === '' || f === 'value') return formatted;
  if (f === 'label') return v.label;
  if (f === 'escape') return formatted.replace(/["'\\]/g, (c) => `\\${c}`);
  return undefined;
}

function knownValue(p: TokenParameter): string | undefined {
  const v = Array.isArray(p.value) ? p.value[0] : p.value;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string' && v !== '' && !v.startsWith('value::')) return v;
  return undefined;
}

function representative(p: TokenParameter): string {
  const known = knownValue(p);
  if (known !== undefined) return known;
  if (p.type === RESOURCE) return SAMPLE_WORKSPACE;
  if (p.type === SUBSCRIPTION) return SAMPLE_SUBSCRIPTION;
  return 'value';
}

/** Text that can stand inside any string literal: no quotes, backslashes or line breaks. */
function plain(value: string): string {
  return value.replace(/["'`\\\r\n]/g, '_');
}

/**
 * Which offsets of a KQL text are inside a string literal or a comment: `'…'`, `"…"` (with
 * backslash escapes), `@'…'`, `@"…"` (verbatim), ```` ```…``` ```` and `// …` to the end of the line.
 */
export function textRanges(kql: string): (offset: number) => boolean {
  const ranges: [number, number][] = [];
  let p = 0;
  const n = kql.length;
  while (p < n) {
    const c = kql[p];
    if (c === '/' && kql[p + 1] === '/') {
      const end = kql.indexOf('\n', p);
      ranges.push([p, end < 0 ? n : end]);
      p = end < 0 ? n : end;
    } else if (c === '`' && kql.startsWith('```', p)) {
      const end = kql.indexOf('```', p + 3);
      ranges.push([p, end < 0 ? n : end + 3]);
      p = end < 0 ? n : end + 3;
    } else if (
      (c === '@' || ((c === 'h' || c === 'H') && !/[A-Za-z0-9_]/.test(kql[p - 1] ?? ''))) &&
      (kql[p + 1] === "'" || kql[p + 1] === '"')
    ) {
      const verbatim = c === '@';
      const q = kql[p + 1];
      let e = p + 2;
      while (e < n) {
        if (!verbatim && kql[e] === '\\') e += 2;
        else if (kql[e] === q && verbatim && kql[e + 1] === q) e += 2;
        else if (kql[e] === q || kql[e] === '\n') break;
        else e++;
      }
      ranges.push([p, Math.min(e + 1, n)]);
      p = e + 1;
    } else if (c === "'" || c === '"') {
      let e = p + 1;
      while (e < n && kql[e] !== c && kql[e] !== '\n') e += kql[e] === '\\' ? 2 : 1;
      ranges.push([p, Math.min(e + 1, n)]);
      p = e + 1;
    } else p++;
  }
  return (offset) => ranges.some(([s, e]) => offset > s && offset < e);
}
