import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { KqlType } from '../kql/types.js';
import type { ColumnDef, TableDef } from '../kql/world.js';
import type { Project, TableInput, TestCase } from '../model/content.js';
import { formatTicks, resolveTimestamp } from './time.js';

/** Sample files larger than this are refused: fixtures are meant to be read in a diff. */
export const MAX_SAMPLE_BYTES = 32 * 1024 * 1024;

export interface FixtureTable {
  columns: ColumnDef[];
  rows: Record<string, unknown>[];
}

type Fail = (message: string, where?: { file: string; line: number } | (string | number)[]) => void;

/**
 * Reads a test's input rows, checks them against the declared table schemas and converts them to the
 * engine's JSON form (relative timestamps resolved against the test's now). Problems become diagnostics.
 */
export async function loadFixtures(
  test: TestCase,
  project: Project,
  tableSchema: (name: string) => TableDef | undefined,
  now: bigint,
): Promise<{ tables: Record<string, FixtureTable>; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const tables: Record<string, FixtureTable> = {};
  for (const input of test.inputs) {
    const fail: Fail = (message, where) => {
      if (where && !Array.isArray(where)) {
        diagnostics.push(
          diagnostic('fixtureInvalid', `test '${test.name}', table ${input.table}: ${message}`, {
            file: where.file,
            start: { line: where.line, column: 1 },
            contentId: test.item.id,
          }),
        );
        return;
      }
      const span = test.source.span(where ?? input.path);
      diagnostics.push(
        diagnostic('fixtureInvalid', `test '${test.name}', table ${input.table}: ${message}`, {
          file: test.source.file.path,
          ...span,
          contentId: test.item.id,
        }),
      );
    };
    const declared = tableSchema(input.table);
    if (!declared) {
      fail(
        `table '${input.table}' is not declared (declare it under ${project.config.paths.tables.join(', ')})`,
      );
      continue;
    }
    const raw = await readRows(input, project, fail);
    if (!raw) continue;
    const columns = new Map(declared.columns.map((c) => [c.name, c.type]));
    const rows: Record<string, unknown>[] = [];
    let ok = true;
    for (const { row, where } of raw) {
      if (!row || typeof row !== 'object' || Array.isArray(row)) {
        fail('a row must be a mapping of column name to value', where);
        ok = false;
        continue;
      }
      const converted: Record<string, unknown> = {};
      for (const [name, value] of Object.entries(row)) {
        const type = columns.get(name);
        if (!type) {
          fail(`column '${name}' is not in the schema of ${input.table}`, where);
          ok = false;
          continue;
        }
        const result = convertCell(value, type, now);
        if ('error' in result) {
          fail(`column '${name}': ${result.error}`, where);
          ok = false;
        } else converted[name] = result.value;
      }
      rows.push(converted);
    }
    if (ok) tables[input.table] = { columns: declared.columns, rows };
  }
  return { tables, diagnostics };
}

interface RawRow {
  row: unknown;
  where: { file: string; line: number } | (string | number)[];
}

async function readRows(input: TableInput, project: Project, fail: Fail): Promise<RawRow[] | undefined> {
  if (input.rows) return input.rows.map((row, i) => ({ row, where: [...input.path, i] }));
  const relative = input.file!;
  const absolute = path.resolve(project.root, relative);
  const inside = path.relative(project.root, absolute);
  if (inside.startsWith('..') || path.isAbsolute(inside)) {
    fail(`sample file '${relative}' is outside the project`);
    return undefined;
  }
  let text: string;
  try {
    const info = await stat(absolute);
    if (info.size > MAX_SAMPLE_BYTES) {
      fail(`sample file '${relative}' is ${info.size} bytes; the limit is ${MAX_SAMPLE_BYTES}`);
      return undefined;
    }
    text = await readFile(absolute, 'utf8');
  } catch (e) {
    fail(
      `cannot read sample file '${relative}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
    return undefined;
  }
  if (!/\.jsonl$/i.test(relative)) {
    fail(`sample file '${relative}': only JSON Lines (.jsonl) is supported so far`);
    return undefined;
  }
  const rows: RawRow[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const where = { file: inside.split(path.sep).join('/'), line: i + 1 };
    try {
      rows.push({ row: JSON.parse(line), where });
    } catch (e) {
      fail(`line ${i + 1} is not valid JSON: ${(e as Error).message}`, where);
      return undefined;
    }
  }
  return rows;
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
      const ticks = resolveTimestamp(value, now);
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
