/**
 * Named values: `{{Name}}` in a query is replaced by a value from kqlc.yaml before the query is analysed,
 * tested or published. Project-wide values (`values:`) are what check and test use; an environment's own
 * (`environments.<env>.values`) win when publishing to it.
 *
 * Why `{{Name}}` and not a `let` statement put in front of the query: a placeholder goes anywhere a piece of
 * text can (a list inside `in (...)`, part of a string literal, a table name, a number), while a `let` binds
 * one scalar or tabular expression and would be published as an extra statement that Sentinel shows.
 * KQL itself has no `{{`, so a placeholder is never mistaken for query code. Sentinel uses the same form for
 * its own hunting placeholders (`{{StartTimeISO}}`, `{{EndTimeISO}}`), which kqlc leaves alone.
 */
import type { ProjectConfig } from '../config/config.js';
import type { EnvironmentConfig } from '../config/schema.js';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ContentItem, EmbeddedQuery, Project } from '../model/content.js';

/** Placeholders Sentinel fills in itself (hunting queries): never kqlc's. */
export const SENTINEL_PLACEHOLDERS: ReadonlySet<string> = new Set(['StartTimeISO', 'EndTimeISO']);

/** The kinds whose query takes named values; workbook queries have their own `{Parameter}` tokens. */
export const NAMED_VALUE_KINDS: ReadonlySet<ContentItem['kind']> = new Set(['analytic', 'hunting', 'parser']);

export interface Placeholder {
  name: string;
  /** Offsets of `{{` and just after `}}` in the query text. */
  start: number;
  end: number;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The `{{Name}}` placeholders of a query that are kqlc's (not Sentinel's own), in order. */
export function placeholders(text: string): Placeholder[] {
  const out: Placeholder[] = [];
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (SENTINEL_PLACEHOLDERS.has(m[1])) continue;
    out.push({ name: m[1], start: m.index, end: m.index + m[0].length });
  }
  return out;
}

export interface Substitution {
  text: string;
  /** Placeholders without a value: left in the text as written. */
  missing: Placeholder[];
  /** The offset in the original text of an offset in `text`; inside a value, a point of its placeholder. */
  original(offset: number): number;
}

/** Replaces each placeholder that has a value. */
export function substitute(text: string, values: Readonly<Record<string, string>>): Substitution {
  const missing: Placeholder[] = [];
  // Pieces of the result: [start in the result, start in the original, length in the result, replaced?]
  const pieces: { at: number; from: number; length: number; placeholder?: Placeholder }[] = [];
  let out = '';
  let last = 0;
  for (const p of placeholders(text)) {
    if (!Object.hasOwn(values, p.name)) {
      missing.push(p);
      continue;
    }
    pieces.push({ at: out.length, from: last, length: p.start - last });
    out += text.slice(last, p.start);
    const value = values[p.name];
    pieces.push({ at: out.length, from: p.start, length: value.length, placeholder: p });
    out += value;
    last = p.end;
  }
  pieces.push({ at: out.length, from: last, length: text.length - last });
  out += text.slice(last);
  const original = (offset: number): number => {
    for (const piece of pieces) {
      if (offset >= piece.at + piece.length && piece !== pieces[pieces.length - 1]) continue;
      const within = offset - piece.at;
      if (!piece.placeholder) return piece.from + within;
      // Inside a value: the same distance into the placeholder, at most its last character.
      const p = piece.placeholder;
      return p.start + Math.max(0, Math.min(within, p.end - p.start - 1));
    }
    return offset;
  };
  return { text: out, missing, original };
}

/** The query with values substituted, still mapping offsets back to the file. */
export function substituteQuery(
  query: EmbeddedQuery,
  values: Readonly<Record<string, string>>,
): { query: EmbeddedQuery; missing: Placeholder[] } {
  const s = substitute(query.text, values);
  if (s.text === query.text) return { query, missing: s.missing };
  return {
    query: { text: s.text, fileOffset: (offset) => query.fileOffset(s.original(offset)) },
    missing: s.missing,
  };
}

/** An environment's values as text: its own over the project-wide ones. */
export function environmentValues(
  config: ProjectConfig,
  env: EnvironmentConfig | undefined,
): Record<string, string> {
  const own = Object.fromEntries(Object.entries(env?.values ?? {}).map(([k, v]) => [k, String(v)]));
  return { ...config.values, ...own };
}

/**
 * The values `kqlc check` and `kqlc test` use: the project-wide ones, and for a name that has none, the
 * first environment (in kqlc.yaml order) that gives it one. Every environment's own substitution is checked
 * as well, by the `named-values` check.
 */
export function checkValues(config: ProjectConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const env of Object.values(config.environments)) {
    for (const [k, v] of Object.entries(env.values ?? {})) if (!Object.hasOwn(out, k)) out[k] = String(v);
  }
  return { ...out, ...config.values };
}

/** The query as written, before named values were substituted. */
export function writtenQuery(item: ContentItem): EmbeddedQuery {
  return item.template ?? item.query;
}

/**
 * The load stage's step: each item's query gets the check values (`checkValues`), keeping the written query
 * in `item.template`. A name that no value anywhere defines is an error at the placeholder; it is left as
 * written.
 */
export function applyNamedValues(items: readonly ContentItem[], config: ProjectConfig): Diagnostic[] {
  const values = checkValues(config);
  const out: Diagnostic[] = [];
  for (const item of items) {
    if (!NAMED_VALUE_KINDS.has(item.kind) || !item.query.text?.includes('{{')) continue;
    const { query, missing } = substituteQuery(item.query, values);
    if (query !== item.query) {
      item.template = item.query;
      item.query = query;
    }
    const written = writtenQuery(item);
    for (const p of missing) {
      const start = written.fileOffset(p.start);
      const end = written.fileOffset(p.end - 1) + 1;
      out.push(
        diagnostic(
          'namedValueUndefined',
          `named value '${p.name}' is not defined: give it a value under 'values' in kqlc.yaml (or under each environment's 'values')`,
          { file: item.source.file.path, ...item.source.spanOf(start, end), contentId: item.id },
        ),
      );
    }
  }
  return out;
}

const PARSERS_USE = new WeakMap<Project, boolean>();

function usesNamedValues(item: ContentItem): boolean {
  const text = writtenQuery(item).text;
  return (
    NAMED_VALUE_KINDS.has(item.kind) &&
    typeof text === 'string' &&
    text.includes('{{') &&
    placeholders(text).length > 0
  );
}

/**
 * What an item's check result depends on among the named values: for an item whose query has placeholders,
 * or in a project with a parser that has some (a query may call it), the project-wide values and each
 * environment's values and selection (the `named-values` check reads them); empty otherwise. Part of the
 * item's check cache key.
 */
export function namedValuesKey(item: ContentItem, project: Project): string {
  let parsersUse = PARSERS_USE.get(project);
  if (parsersUse === undefined) {
    parsersUse = project.items.some((i) => i.kind === 'parser' && usesNamedValues(i));
    PARSERS_USE.set(project, parsersUse);
  }
  if (!parsersUse && !usesNamedValues(item)) return '';
  const { config } = project;
  const envs = Object.entries(config.environments).map(([name, e]) => [name, e.values, e.include, e.exclude]);
  return `named values ${JSON.stringify([config.values, envs])}\n`;
}
