/**
 * Schedule replay: runs an analytic rule at every queryFrequency tick between two times over recorded
 * data, each run seeing [tick − queryPeriod, tick] as Sentinel would, and counts the alerts each run
 * raises, per day (UTC). Alert suppression (suppressionEnabled/suppressionDuration) silences the runs
 * that follow an alert for the suppression duration, as in Sentinel.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { EngineUnsupportedError } from '../engine/errors.js';
import { evaluate } from '../engine/index.js';
import type { ResolvedProject } from '../kql/project-world.js';
import type { AnalyticItem } from '../model/content.js';
import { type SimulatedAlert, simulateAlerts } from './alerts.js';
import { convertRows, type FixtureTable, readSample } from './fixtures.js';
import { rulePeriod, withEmptyTables } from './runner.js';
import { formatTicks, parseDatetime, parseDuration } from './time.js';

export interface ReplayOptions {
  /** The rule: its id, its name, or its file (project-relative). */
  rule: string;
  from: string;
  to: string;
  /** Folder of recorded data: one `<Table>.jsonl` or `<Table>.csv` per table. */
  data: string;
}

export interface ReplayRun {
  at: string;
  results: number;
  alerts: SimulatedAlert[];
  /** The run raised nothing because an earlier alert suppresses the rule. */
  suppressed?: boolean;
}

export interface ReplayDay {
  date: string;
  runs: number;
  triggered: number;
  alerts: number;
}

export interface ReplayReport {
  rule: { id: string; name: string; file: string };
  from: string;
  to: string;
  queryFrequency: string;
  queryPeriod: string;
  tables: Record<string, number>;
  runs: ReplayRun[];
  days: ReplayDay[];
  totalAlerts: number;
}

/** A problem that stops the replay (bad arguments or data); the CLI reports it as a usage error. */
export class ReplayError extends Error {}

export async function replayRule(resolved: ResolvedProject, options: ReplayOptions): Promise<ReplayReport> {
  const item = findRule(resolved, options.rule);
  const from = parseDatetime(options.from);
  const to = parseDatetime(options.to);
  if (from === undefined) throw new ReplayError(`--from '${options.from}' is not an ISO 8601 datetime`);
  if (to === undefined) throw new ReplayError(`--to '${options.to}' is not an ISO 8601 datetime`);
  if (to < from) throw new ReplayError('--to is before --from');
  const nrt = item.doc.kind === 'NRT';
  // NRT rules run every minute over the last minute.
  const frequencyText = nrt ? '1m' : (item.doc.queryFrequency ?? '');
  const periodText = nrt ? '1m' : (item.doc.queryPeriod ?? '');
  const frequency = parseDuration(frequencyText);
  if (!frequency) throw new ReplayError(`rule '${item.name}' has no valid queryFrequency`);
  if ((to - from) / frequency > 100_000n)
    throw new ReplayError('more than 100000 runs between --from and --to; shorten the range');
  const suppression =
    item.doc.suppressionEnabled && item.doc.suppressionDuration
      ? parseDuration(item.doc.suppressionDuration)
      : undefined;

  const tables = await loadData(resolved, options.data, to);
  const analysis = resolved.analysis(item);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length)
    throw new ReplayError(`the rule's query has errors: ${errors.map((e) => e.message).join('; ')}`);

  const period = rulePeriod(item);
  if (period === undefined) throw new ReplayError(`rule '${item.name}' has no valid queryPeriod`);
  const windows = timeIndex(tables);
  const runs: ReplayRun[] = [];
  let suppressedUntil: bigint | undefined;
  for (let at = from; at <= to; at += frequency) {
    const visible = Object.fromEntries(
      Object.entries(windows).map(([name, w]) => [name, w(at - period, at)]),
    );
    let result: ReturnType<typeof evaluate>;
    try {
      result = evaluate(analysis.code, { now: formatTicks(at), tables: withEmptyTables(resolved, visible) });
    } catch (e) {
      if (e instanceof EngineUnsupportedError) throw new ReplayError(e.message);
      throw new ReplayError(`the local engine failed at ${formatTicks(at)}: ${(e as Error).message}`);
    }
    const run = simulateAlerts(item.doc, result);
    const record: ReplayRun = { at: formatTicks(at), results: run.resultCount, alerts: run.alerts };
    if (suppressedUntil !== undefined && at < suppressedUntil && run.alerts.length) {
      record.alerts = [];
      record.suppressed = true;
    } else if (run.alerts.length && suppression) suppressedUntil = at + suppression;
    runs.push(record);
  }
  const days = new Map<string, ReplayDay>();
  for (const run of runs) {
    const date = run.at.slice(0, 10);
    const day = days.get(date) ?? { date, runs: 0, triggered: 0, alerts: 0 };
    day.runs++;
    if (run.alerts.length) day.triggered++;
    day.alerts += run.alerts.length;
    days.set(date, day);
  }
  return {
    rule: { id: item.id, name: item.name, file: item.source.file.path },
    from: formatTicks(from),
    to: formatTicks(to),
    queryFrequency: frequencyText,
    queryPeriod: periodText,
    tables: Object.fromEntries(Object.entries(tables).map(([name, t]) => [name, t.rows.length])),
    runs,
    days: [...days.values()],
    totalAlerts: runs.reduce((n, r) => n + r.alerts.length, 0),
  };
}

/**
 * Each table's rows sorted by TimeGenerated once, so that a run takes its window by binary search instead
 * of scanning every row (tables without TimeGenerated are seen whole, as in a test).
 */
function timeIndex(
  tables: Record<string, FixtureTable>,
): Record<string, (from: bigint, to: bigint) => FixtureTable> {
  const out: Record<string, (from: bigint, to: bigint) => FixtureTable> = {};
  for (const [name, table] of Object.entries(tables)) {
    if (!table.columns.some((c) => c.name === 'TimeGenerated' && c.type === 'datetime')) {
      out[name] = () => table;
      continue;
    }
    const timed = table.rows
      .map((row) => ({
        row,
        t: typeof row.TimeGenerated === 'string' ? parseDatetime(row.TimeGenerated) : undefined,
      }))
      .filter((r): r is { row: Record<string, unknown>; t: bigint } => r.t !== undefined)
      .sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
    // First index whose time is ≥ t (or > t when `after`).
    const bound = (t: bigint, after: boolean) => {
      let lo = 0;
      let hi = timed.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (timed[mid].t < t || (after && timed[mid].t === t)) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    out[name] = (from, to) => ({
      columns: table.columns,
      rows: timed.slice(bound(from, false), bound(to, true)).map((r) => r.row),
    });
  }
  return out;
}

function findRule(resolved: ResolvedProject, rule: string): AnalyticItem {
  const wanted = rule.replaceAll('\\', '/').replace(/^\.\//, '');
  const rules = resolved.project.items.filter((i): i is AnalyticItem => i.kind === 'analytic');
  const found = rules.filter((i) => i.id === rule || i.name === rule || i.source.file.path === wanted);
  if (found.length === 1) return found[0];
  if (found.length > 1) throw new ReplayError(`'${rule}' names ${found.length} analytic rules; use its id`);
  throw new ReplayError(`no analytic rule with id, name or file '${rule}'`);
}

/** Every `<Table>.jsonl` / `<Table>.csv` in the folder, checked against the table's schema. */
async function loadData(
  resolved: ResolvedProject,
  folder: string,
  now: bigint,
): Promise<Record<string, FixtureTable>> {
  const dir = path.resolve(resolved.project.root, folder);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.(jsonl|csv)$/i.test(n)).sort();
  } catch (e) {
    throw new ReplayError(`cannot read --data folder '${folder}': ${(e as NodeJS.ErrnoException).code}`);
  }
  if (!names.length) throw new ReplayError(`--data folder '${folder}' has no .jsonl or .csv files`);
  const tables: Record<string, FixtureTable> = {};
  for (const name of names) {
    const table = name.replace(/\.(jsonl|csv)$/i, '');
    const declared = resolved.table(table);
    if (!declared) throw new ReplayError(`${name}: table '${table}' is not declared`);
    if (tables[table]) throw new ReplayError(`${name}: table '${table}' has two data files`);
    const sample = await readSample(dir, name, path.join(dir, name), Number.MAX_SAFE_INTEGER);
    if ('error' in sample) throw new ReplayError(sample.error);
    const problems: string[] = [];
    const rows = convertRows(sample.rows, declared, now, (message, where) => {
      const line = where && !Array.isArray(where) ? `:${where.line}` : '';
      problems.push(`${name}${line}: ${message}`);
    });
    if (!rows) throw new ReplayError(problems.slice(0, 5).join('\n'));
    tables[table] = { columns: declared.columns, rows };
  }
  return tables;
}

/** The replay as text: one line per day, the triggering runs under it, and a total. */
export function formatReplay(report: ReplayReport): string {
  const out = [
    `Replay of ${report.rule.file} › ${report.rule.name}`,
    `  every ${report.queryFrequency} over the last ${report.queryPeriod}, ${report.from} → ${report.to}`,
    `  data: ${Object.entries(report.tables)
      .map(([t, n]) => `${t} (${n} rows)`)
      .join(', ')}`,
    '',
    'date        runs  triggered  alerts',
  ];
  for (const day of report.days) {
    out.push(
      `${day.date}  ${String(day.runs).padStart(4)}  ${String(day.triggered).padStart(9)}  ${String(day.alerts).padStart(6)}`,
    );
    for (const run of report.runs) {
      if (!run.at.startsWith(day.date) || (!run.alerts.length && !run.suppressed)) continue;
      const time = run.at.slice(11, 16);
      if (run.suppressed) {
        out.push(`  ${time}  suppressed (${run.results} results)`);
        continue;
      }
      const names = [...new Set(run.alerts.map((a) => a.name))];
      out.push(
        `  ${time}  ${run.alerts.length} alert${run.alerts.length === 1 ? '' : 's'} from ${run.results} results: ${names.slice(0, 3).join('; ')}${names.length > 3 ? '; …' : ''}`,
      );
    }
  }
  const runs = report.runs.length;
  const triggered = report.runs.filter((r) => r.alerts.length).length;
  out.push('', `Total: ${runs} runs, ${triggered} triggered, ${report.totalAlerts} alerts`);
  return `${out.join('\n')}\n`;
}
