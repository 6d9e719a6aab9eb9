import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { KqlType } from '../kql/types.js';
import type { ColumnDef, TableDef, WatchlistDef } from '../kql/world.js';
import type { Project, TableInput, TestCase } from '../model/content.js';
import { CsvError, parseCsv } from './csv.js';
import { formatTicks, parsePortalDatetime, resolveTimestamp } from './time.js';

/** Sample files larger than this are refused: fixtures are meant to be read in a diff. */
export const MAX_SAMPLE_BYTES = 32 * 1024 * 1024;

export interface FixtureTable {
  columns: ColumnDef[];
  rows: Record<string, unknown>[];
}

export interface FixtureOptions {
  /** Refuse sample files larger than this many bytes (default MAX_SAMPLE_BYTES). */
  maxSampleBytes?: number;
  /** Sample files already read in this run, by absolute path: many tests share one file. */
  cache?: Map<string, Promise<SampleFile>>;
  /**
   * Analyses made for tests in this run that the resolve stage does not hold (a workbook query with the
   * test's parameter values, a query over the test's watchlist rows), by world and query text.
   */
  analyses?: Map<string, unknown>;
}

export type Where = { file: string; line: number } | (string | number)[];
export type Fail = (message: string, where?: Where) => void;

/**
 * Reads a test's input rows, checks them against the table schemas and converts them to the engine's
 * JSON form (relative timestamps resolved against the test's now). Problems become diagnostics that name
 * the test, the table and the file (and row), never exceptions.
 */
export async function loadFixtures(
  test: TestCase,
  project: Project,
  tableSchema: (name: string) => TableDef | undefined,
  now: bigint,
  options: FixtureOptions = {},
): Promise<{ tables: Record<string, FixtureTable>; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const tables: Record<string, FixtureTable> = {};
  for (const input of test.inputs) {
    const fail = failer(test, `table ${input.table}`, input, diagnostics);
    const declared = tableSchema(input.table);
    if (!declared) {
      fail(
        `table '${input.table}' is not declared (declare it under ${project.config.paths.tables.join(', ')})`,
      );
      continue;
    }
    const raw = await readRows(input, project, fail, options);
    if (!raw) continue;
    const rows = convertRows(raw, declared, now, fail);
    if (rows) tables[input.table] = { columns: declared.columns, rows };
  }
  return { tables, diagnostics };
}

/**
 * A test's rows for `_GetWatchlist('alias')` (inline, JSON Lines or CSV), checked against the columns the
 * watchlist declares like table rows: each watchlist the test names, with its rows in place of the
 * declared ones. Problems name the test, the watchlist and the file (and row).
 */
export async function loadWatchlistFixtures(
  test: TestCase,
  project: Project,
  now: bigint,
  options: FixtureOptions = {},
): Promise<{ watchlists: WatchlistDef[]; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const watchlists: WatchlistDef[] = [];
  for (const input of test.watchlists ?? []) {
    const fail = failer(test, `watchlist ${input.table}`, input, diagnostics);
    const declared = project.watchlists.find((w) => w.alias === input.table);
    if (!declared) {
      const known = project.watchlists.map((w) => w.alias).join(', ') || 'none';
      fail(
        `watchlist '${input.table}' is not declared under ${project.config.paths.watchlists.join(', ')} (declared: ${known})`,
      );
      continue;
    }
    const raw = await readRows(input, project, fail, options);
    if (!raw) continue;
    const rows = convertRows(
      raw,
      { name: `watchlist ${declared.alias}`, columns: declared.columns },
      now,
      fail,
    );
    if (rows)
      watchlists.push({
        alias: declared.alias,
        searchKey: declared.searchKey,
        columns: declared.columns,
        rows,
      });
  }
  return { watchlists, diagnostics };
}

/** Reports a fixture problem of one input (a table's or a watchlist's) at its file position. */
function failer(test: TestCase, what: string, input: TableInput, diagnostics: Diagnostic[]): Fail {
  return (message, where) => {
    const text = `test '${test.name}', ${what}: ${message}`;
    if (where && !Array.isArray(where)) {
      diagnostics.push(
        diagnostic('fixtureInvalid', text, {
          file: where.file,
          start: { line: where.line, column: 1 },
          contentId: test.item.id,
        }),
      );
      return;
    }
    const span = test.source.span(where ?? input.path);
    diagnostics.push(
      diagnostic('fixtureInvalid', text, { file: test.source.file.path, ...span, contentId: test.item.id }),
    );
  };
}

/**
 * Raw rows → the engine's JSON form, checked against the table's columns: an unknown column or a value
 * that does not fit its type is reported (with the row's position); undefined when any row is wrong.
 */
export function convertRows(
  raw: readonly RawRow[],
  declared: TableDef,
  now: bigint,
  fail: Fail,
): Record<string, unknown>[] | undefined {
  const columns = new Map(declared.columns.map((c) => [c.name, c.type]));
  const rows: Record<string, unknown>[] = [];
  const reported = new Set<string>();
  let ok = true;
  for (const { row, where, text } of raw) {
    if (!row || typeof row !== 'object' || Array.isArray(row)) {
      fail('a row must be a mapping of column name to value', where);
      ok = false;
      continue;
    }
    const converted: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(row)) {
      const type = columns.get(name);
      if (!type) {
        // Said once per column, at the first row that has it (a CSV header makes every row have it).
        if (!reported.has(name)) fail(`column '${name}' is not in the schema of ${declared.name}`, where);
        reported.add(name);
        ok = false;
        continue;
      }
      // An empty CSV cell is an absent value: the column takes its type's empty value.
      if (text && value === '') continue;
      const result = text ? convertTextCell(value as string, type, now) : convertCell(value, type, now);
      if ('error' in result) {
        fail(`column '${name}': ${result.error}`, where);
        ok = false;
      } else converted[name] = result.value;
    }
    rows.push(converted);
  }
  return ok ? rows : undefined;
}

export interface RawRow {
  row: unknown;
  where: Where;
  /** Cells are text (CSV): dynamic cells hold JSON, datetimes may be in the portal's format. */
  text?: boolean;
}

/** A sample file read and parsed once per run, or the reason it cannot be used. */
export type SampleFile = { rows: RawRow[] } | { error: string; where?: Where };

async function readRows(
  input: TableInput,
  project: Project,
  fail: Fail,
  options: FixtureOptions,
): Promise<RawRow[] | undefined> {
  if (input.rows) return input.rows.map((row, i) => ({ row, where: [...input.path, i] }));
  const relative = input.file!;
  const absolute = path.resolve(project.root, relative);
  const key = `${absolute}\0${options.maxSampleBytes ?? MAX_SAMPLE_BYTES}`;
  let pending = options.cache?.get(key);
  if (!pending) {
    pending = readSample(project.root, relative, absolute, options.maxSampleBytes ?? MAX_SAMPLE_BYTES);
    options.cache?.set(key, pending);
  }
  const sample = await pending;
  if ('error' in sample) {
    fail(sample.error, sample.where);
    return undefined;
  }
  return sample.rows;
}

const isOutside = (root: string, absolute: string) => {
  const inside = path.relative(root, absolute);
  return inside.startsWith('..') || path.isAbsolute(inside);
};

/** Reads and parses one sample file (JSON Lines or CSV export) that must lie inside `root`. */
export async function readSample(
  root: string,
  relative: string,
  absolute: string,
  maxBytes: number,
): Promise<SampleFile> {
  if (isOutside(root, absolute)) return { error: `sample file '${relative}' is outside the project` };
  const format = /\.jsonl$/i.test(relative) ? 'jsonl' : /\.csv$/i.test(relative) ? 'csv' : undefined;
  if (!format)
    return {
      error: `sample file '${relative}': use JSON Lines (.jsonl) or a Log Analytics CSV export (.csv)`,
    };
  let text: string;
  try {
    // A symbolic link inside the samples folder must not lead out of the project either.
    if (isOutside(await realpath(root), await realpath(absolute)))
      return { error: `sample file '${relative}' is outside the project (through a symbolic link)` };
    const info = await stat(absolute);
    if (!info.isFile()) return { error: `sample file '${relative}' is not a file` };
    if (info.size > maxBytes)
      return { error: `sample file '${relative}' is ${info.size} bytes; the limit is ${maxBytes}` };
    const bytes = await readFile(absolute);
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { error: `sample file '${relative}' does not exist` };
    if (e instanceof TypeError) return { error: `sample file '${relative}' is not UTF-8 text` };
    return { error: `cannot read sample file '${relative}': ${code ?? (e as Error).message}` };
  }
  const file = relative.split(path.sep).join('/');
  return format === 'jsonl' ? parseJsonLines(text, file) : parseCsvExport(text, file);
}

function parseJsonLines(text: string, file: string): SampleFile {
  const rows: RawRow[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const where = { file, line: i + 1 };
    try {
      rows.push({ row: JSON.parse(line), where });
    } catch (e) {
      return { error: `${file}: line ${i + 1} is not valid JSON: ${(e as Error).message}`, where };
    }
  }
  return { rows };
}

/**
 * The Log Analytics CSV export: a header of column names, where the portal writes datetime columns as
 * `TimeGenerated [UTC]`; every cell is text.
 */
function parseCsvExport(text: string, file: string): SampleFile {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) return { error: `${file}: ${e.message}`, where: { file, line: e.line } };
    throw e;
  }
  if (!records.length) return { rows: [] };
  const [header, ...body] = records;
  const names: string[] = [];
  for (const cell of header.fields) {
    const m = /^(.*?)\s*\[([^\]]*)\]$/.exec(cell.trim());
    if (m && m[2].toUpperCase() !== 'UTC')
      return {
        error: `${file}: column '${cell}' is in ${m[2]}; export with times in UTC`,
        where: { file, line: header.line },
      };
    const name = m ? m[1] : cell.trim();
    if (!name) return { error: `${file}: the header has an empty column name`, where: { file, line: 1 } };
    if (names.includes(name))
      return { error: `${file}: column '${name}' appears twice in the header`, where: { file, line: 1 } };
    names.push(name);
  }
  const rows: RawRow[] = [];
  for (const record of body) {
    const where = { file, line: record.line };
    if (record.fields.length !== names.length)
      return {
        error: `${file}: line ${record.line} has ${record.fields.length} cells; the header has ${names.length}`,
        where,
      };
    const row: Record<string, string> = {};
    names.forEach((name, i) => {
      row[name] = record.fields[i];
    });
    rows.push({ row, where, text: true });
  }
  return { rows };
}

/** A CSV cell (text) → the engine's JSON form for the column's type. */
function convertTextCell(value: string, type: KqlType, now: bigint): { value: unknown } | { error: string } {
  if (type === 'dynamic') {
    try {
      return { value: JSON.parse(value) };
    } catch (e) {
      if (/^\s*[[{]/.test(value)) return { error: `invalid JSON: ${(e as Error).message}` };
      return { value };
    }
  }
  return convertCell(value, type, now);
}

/** A fixture cell → the engine's JSON form for the column's type, or a reason it does not fit. */
export function convertCell(
  value: unknown,
  type: KqlType,
  now: bigint,
): { value: unknown } | { error: string } {
  if (value === null || value === undefined) return { value: null };
  const bad = () => ({ error: `${JSON.stringify(value)} is not a ${type} value` });
  switch (type) {
    case 'string':
      if (typeof value === 'string') return { value };
      if (typeof value === 'number') return { value: String(value) };
      return {
        error: `${JSON.stringify(value)} is not a string (quote it: YAML reads True/123 as bool/number)`,
      };
    case 'datetime': {
      if (value instanceof Date) return { value: value.toISOString() };
      if (typeof value !== 'string') return bad();
      const ticks = resolveTimestamp(value, now) ?? parsePortalDatetime(value);
      return ticks === undefined ? bad() : { value: formatTicks(ticks) };
    }
    case 'int':
    case 'long':
      if (typeof value === 'number' && Number.isInteger(value)) return { value };
      if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return { value: value.trim() };
      return bad();
    case 'real':
    case 'decimal':
      if (typeof value === 'number') return { value };
      if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
        return { value: Number(value) };
      return bad();
    case 'bool':
      if (typeof value === 'boolean') return { value };
      if (typeof value === 'string' && /^(true|false)$/i.test(value))
        return { value: value.toLowerCase() === 'true' };
      if (value === 0 || value === 1) return { value: value === 1 };
      return bad();
    case 'timespan':
    case 'guid':
      return typeof value === 'string' ? { value } : bad();
    case 'dynamic':
      return { value };
  }
}
