import path from 'node:path';
import { Option } from 'commander';
import { EngineError, EngineUnsupportedError, lineColumn } from '../../engine/errors.js';
import { evaluate, type QueryResult } from '../../engine/index.js';
import { resolveProject } from '../../kql/project-world.js';
import { loadProject } from '../../load/project.js';
import { convertRows, readSample } from '../../test/fixtures.js';
import { formatTicks, parseDatetime } from '../../test/time.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../io.js';
import type { RegisterCommand } from '../main.js';
import { projectRoot } from '../project-root.js';

type Format = 'table' | 'json' | 'csv';

/** kqlc run [query|-]: evaluate an ad-hoc query on the local engine, like a local Kusto. */
export const registerRun: RegisterCommand = (program, io, exit) => {
  program
    .command('run')
    .description("evaluate a query on the local engine against the project's tables, parsers and given data")
    .argument('[query]', "the KQL query, or '-' to read it from standard input", '-')
    .option('--dir <dir>', 'project root (tables, parsers, watchlists)', '.')
    .option(
      '--data <table=file>',
      'rows of a table: JSON Lines (.jsonl) or a Log Analytics CSV export (.csv); repeatable',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--now <datetime>', 'the clock for now() and ago() (ISO 8601; default: the current time)')
    .addOption(
      new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'),
    )
    .action(
      async (queryArg: string, options: { dir: string; data: string[]; now?: string; format: Format }) => {
        const query = queryArg === '-' ? await readStdin(io.stdin) : queryArg;
        const nowText = options.now ?? new Date().toISOString();
        const now = parseDatetime(nowText);
        if (now === undefined) throw new UsageError(`--now '${nowText}' is not an ISO 8601 datetime`);
        const root = projectRoot(io.cwd, options.dir);
        const resolved = resolveProject(await loadProject(root));

        const tables: Record<string, { columns: QueryResult['columns']; rows: Record<string, unknown>[] }> =
          {};
        for (const t of resolved.world.tables) tables[t.name] = { columns: t.columns, rows: [] };
        for (const spec of options.data) {
          const eq = spec.indexOf('=');
          if (eq <= 0) throw new UsageError(`--data '${spec}': write it as Table=file`);
          const [name, file] = [spec.slice(0, eq), spec.slice(eq + 1)];
          const table = resolved.table(name);
          if (!table) throw new UsageError(`--data ${name}: no such table is declared or built in`);
          const absolute = path.resolve(io.cwd, file);
          const sample = await readSample(path.dirname(absolute), file, absolute, Number.MAX_SAFE_INTEGER);
          if ('error' in sample) throw new UsageError(`--data ${spec}: ${sample.error}`);
          const problems: string[] = [];
          const rows = convertRows(sample.rows, table, now, (message, where) =>
            problems.push(`${file}${where && !Array.isArray(where) ? `:${where.line}` : ''}: ${message}`),
          );
          if (!rows) throw new UsageError(problems.slice(0, 5).join('\n'));
          tables[name] = { columns: table.columns, rows };
        }

        const analysis = resolved.world.analyze(query);
        const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length) {
          for (const d of errors) {
            const at = lineColumn(query, d.start);
            io.stderr(`query:${at.line}:${at.column} error ${d.code} ${d.message}\n`);
          }
          exit(EXIT_FINDINGS);
          return;
        }
        let result: QueryResult;
        try {
          result = evaluate(analysis.code, { now: formatTicks(now), tables });
        } catch (e) {
          if (e instanceof EngineUnsupportedError || e instanceof EngineError) {
            io.stderr(`kqlc: ${e.message}\n`);
            exit(EXIT_FINDINGS);
            return;
          }
          throw e;
        }
        io.stdout(render(result, options.format));
        exit(EXIT_OK);
      },
    );
};

async function readStdin(stdin: (() => Promise<string>) | undefined): Promise<string> {
  if (!stdin) throw new UsageError('no query given, and there is no standard input to read it from');
  const text = await stdin();
  if (!text.trim()) throw new UsageError('no query given (pass it as an argument, or on standard input)');
  return text;
}

const cell = (v: unknown) =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

export function render(result: QueryResult, format: Format): string {
  const names = result.columns.map((c) => c.name);
  if (format === 'json') return `${JSON.stringify(result, null, 2)}\n`;
  if (format === 'csv') {
    const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    return [names, ...result.rows.map((r) => r.map(cell))]
      .map((r) => `${r.map(quote).join(',')}\r\n`)
      .join('');
  }
  const text = result.rows.map((r) => r.map((v) => cell(v).replace(/\s+/g, ' ')));
  const widths = names.map((n, i) => Math.min(60, Math.max(n.length, ...text.map((r) => r[i].length))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const count = `(${result.rows.length} row${result.rows.length === 1 ? '' : 's'})`;
  return `${[line(names), rule, ...text.map(line), count].join('\n')}\n`;
}
