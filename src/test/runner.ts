import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { EngineUnsupportedError } from '../engine/errors.js';
import { evaluate, type QueryResult } from '../engine/index.js';
import type { ResolvedProject } from '../kql/project-world.js';
import { type AnalyzedQuery, type WatchlistDef, World } from '../kql/world.js';
import { kqlLiteral } from '../load/kql-literal.js';
import type { ContentItem, TestCase } from '../model/content.js';
import type { TestCaseDoc } from '../model/test-case.js';
import { compareAlerts } from './alerts.compare.js';
import { type RuleRun, simulateAlerts } from './alerts.js';
import { compareColumns, compareOrdered, compareRows } from './compare.js';
import {
  type FixtureOptions,
  type FixtureTable,
  loadFixtures,
  loadWatchlistFixtures,
  type SampleFile,
} from './fixtures.js';
import { MatcherError } from './matchers.js';
import type { TestWorkers } from './parallel.js';
import { formatTicks, parseDatetime, parseDuration } from './time.js';
import { workbookTestQuery } from './workbook.js';

export type TestStatus = 'passed' | 'failed' | 'skipped' | 'unsupported' | 'error';

export interface TestResult {
  test: TestCase;
  status: TestStatus;
  /** Why it did not pass: a row diff, the unsupported construct, a fixture problem, the skip reason. */
  message: string;
  durationMs: number;
  /** Of durationMs, the time spent evaluating the query on the engine. */
  evaluateMs: number;
  /** Of durationMs, the time Kusto.Language spent analysing the query (0 when the analysis was cached). */
  analyzeMs: number;
  /** Problems with the test itself (fixtures, the query under test), at their file positions. */
  diagnostics: Diagnostic[];
  /** What the query returned (and for an analytic rule, what Sentinel would raise), when it ran, and the clock. */
  actual?: { result: QueryResult; run?: RuleRun; now: bigint };
}

export interface RunTestsOptions {
  /** Only tests whose item file, test name or workbook query contains this text. */
  filter?: string;
  /** Refuse sample files larger than this (bytes). */
  maxSampleBytes?: number;
  /**
   * Most threads to run tests in. Above 1, a suite with enough items (`minItemsPerThread` per
   * thread) runs in this thread and worker threads, items whole in one thread; the results are the
   * same, in the same order. Default 1: this thread only.
   */
  workers?: number;
  /** Items with tests each thread should have at least (default MIN_ITEMS_PER_THREAD in parallel.ts). */
  minItemsPerThread?: number;
  /** Workers started before the project was loaded (see TestWorkers); stopped when the run ends. */
  pool?: TestWorkers;
}

/** Runs every content test of the project on the local engine. A test's failure never stops the others. */
export async function runTests(
  resolved: ResolvedProject,
  options: RunTestsOptions = {},
): Promise<TestResult[]> {
  const tests = selectTests(resolved, options.filter);
  const limit = options.workers ?? 1;
  if (limit > 1) {
    const { TestWorkers, dealItems, threadsFor } = await import('./parallel.js');
    const threads = threadsFor(dealItems(tests).length, limit, options.minItemsPerThread);
    const pool = options.pool ?? new TestWorkers(resolved.project.root, limit - 1);
    if (threads >= 2) return pool.run(resolved, tests, threads, { maxSampleBytes: options.maxSampleBytes });
  }
  // A suite too small to share out runs here; workers started for it early are stopped unused.
  await options.pool?.close();
  const results: TestResult[] = [];
  // Sample files are read once per run however many tests use them.
  const fixtures: FixtureOptions = {
    maxSampleBytes: options.maxSampleBytes,
    cache: new Map<string, Promise<SampleFile>>(),
    analyses: new Map(),
  };
  for (const test of tests) results.push(await runTest(resolved, test, fixtures));
  return results;
}

/** The tests `filter` selects (item file path, test name or workbook query contains it), in project order. */
export function selectTests(resolved: ResolvedProject, filter?: string): TestCase[] {
  return resolved.project.items.flatMap((item) =>
    item.tests.filter(
      (test) =>
        !filter ||
        item.source.file.path.includes(filter) ||
        test.name.includes(filter) ||
        (test.query?.includes(filter) ?? false),
    ),
  );
}

/** The test as written (its YAML value), for the fields the load stage does not carry. */
export function testDoc(test: TestCase): TestCaseDoc {
  let value: unknown = test.source.value;
  for (const key of test.path) value = (value as Record<string | number, unknown>)?.[key];
  return value as TestCaseDoc;
}

export async function runTest(
  resolved: ResolvedProject,
  test: TestCase,
  fixtureOptions: FixtureOptions = {},
): Promise<TestResult> {
  const started = performance.now();
  let evaluateMs = 0;
  let analyzeMs = 0;
  const done = (
    status: TestStatus,
    message: string,
    diagnostics: Diagnostic[] = [],
    actual?: TestResult['actual'],
  ): TestResult => ({
    test,
    status,
    message,
    durationMs: performance.now() - started,
    evaluateMs,
    analyzeMs,
    diagnostics,
    ...(actual ? { actual } : {}),
  });
  const at = (path: (string | number)[]) => ({
    file: test.source.file.path,
    ...test.source.span(path),
    contentId: test.item.id,
  });
  const invalid = (message: string, path: (string | number)[] = test.path) => {
    const d = diagnostic('fixtureInvalid', `test '${test.name}': ${message}`, at(path));
    return done('error', d.message, [d]);
  };

  const doc = testDoc(test);
  if (doc?.skip) return done('skipped', doc.skip);
  const { expect } = test;
  const expectations = ['rows', 'contains', 'count', 'columns', 'alerts'] as const;
  if (!expectations.some((k) => expect[k] !== undefined))
    return invalid(`expects nothing; give rows, contains, count, columns or alerts`, [
      ...test.path,
      'expect',
    ]);
  if (expect.ordered && !expect.rows)
    return invalid(`'ordered' applies to 'rows'`, [...test.path, 'expect', 'ordered']);
  if (expect.alerts !== undefined && test.item.kind !== 'analytic')
    return invalid(`'alerts' applies to analytic rules only`, [...test.path, 'expect', 'alerts']);

  const nowText = test.now ?? resolved.project.config.test.now;
  if (!nowText) return invalid(`has no 'now' (set it, or test.now in kqlc.yaml)`);
  const now = parseDatetime(nowText);
  if (now === undefined)
    return invalid(`now '${nowText}' is not an ISO 8601 datetime`, [...test.path, 'now']);

  const fixtures = await loadFixtures(test, resolved.project, resolved.table, now, fixtureOptions);
  const watchlists = await loadWatchlistFixtures(test, resolved.project, now, fixtureOptions);
  const fixtureProblems = [...fixtures.diagnostics, ...watchlists.diagnostics];
  if (fixtureProblems.length)
    return done('error', fixtureProblems.map((d) => d.message).join('\n'), fixtureProblems);

  // A workbook test runs one of the workbook's queries, its tokens given the test's values.
  let workbookQuery: { text: string } | undefined;
  let timespan: { from: bigint; to: bigint } | undefined;
  if (test.item.kind === 'workbook') {
    const prepared = workbookTestQuery(test.item, test, now);
    if ('problem' in prepared) {
      const { status, message, path } = prepared.problem;
      return status === 'unsupported' ? done('unsupported', message) : invalid(message, path);
    }
    workbookQuery = prepared;
    timespan = prepared.timespan;
  } else {
    if (test.query !== undefined)
      return invalid(`'query' applies to workbooks only`, [...test.path, 'query']);
    if (test.parameters !== undefined)
      return invalid(`'parameters' applies to workbooks only (a parser's arguments are 'params')`, [
        ...test.path,
        'parameters',
      ]);
    try {
      // Checks the params (names, defaults, literal values) as a call of the parser would.
      queryUnderTest(test.item, test.params);
    } catch (e) {
      return invalid((e as Error).message, [...test.path, 'params']);
    }
  }
  // Each item's query is analysed once per process, shared with the check stage: a parser's body with its
  // parameters declared (`declare query_parameters`), the test's params passed as values. A workbook
  // query with the test's values, or a query over the test's own watchlist rows, is analysed once per run.
  const analyzing = performance.now();
  const analysis =
    workbookQuery || watchlists.watchlists.length
      ? testAnalysis(resolved, test.item, workbookQuery?.text, watchlists.watchlists, fixtureOptions)
      : resolved.analysis(test.item);
  analyzeMs = performance.now() - analyzing;
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    const d = diagnostic(
      'testQueryInvalid',
      `test '${test.name}': the query has errors: ${errors.map((e) => `${e.code} ${e.message}`).join('; ')}`,
      at(test.path),
    );
    return done('error', d.message, [d]);
  }

  const tables = timespan
    ? applyWindow(fixtures.tables, timespan.from, timespan.to)
    : applyRuleWindow(test.item, fixtures.tables, now);
  let result: QueryResult;
  const evaluating = performance.now();
  try {
    result = evaluate(analysis.code, {
      now: formatTicks(now),
      tables: withEmptyTables(resolved, tables),
      ...(test.item.kind === 'parser' ? { parameters: test.params } : {}),
    });
  } catch (e) {
    if (e instanceof EngineUnsupportedError) return done('unsupported', e.message);
    return done('error', `the local engine failed: ${(e as Error).message}`);
  } finally {
    evaluateMs = performance.now() - evaluating;
  }
  const run = test.item.kind === 'analytic' ? simulateAlerts(test.item.doc, result) : undefined;
  const actual = { result, now, ...(run ? { run } : {}) };

  const problems: string[] = [];
  try {
    if (expect.columns) {
      const c = compareColumns(expect.columns, result);
      if (!c.ok) problems.push(c.message);
    }
    if (expect.count !== undefined && result.rows.length !== expect.count)
      problems.push(
        `expected ${expect.count} row${expect.count === 1 ? '' : 's'}, got ${result.rows.length}`,
      );
    if (expect.rows) {
      const c = expect.ordered
        ? compareOrdered(expect.rows, result, now)
        : compareRows(expect.rows, result, now);
      if (!c.ok) problems.push(c.message);
    }
    if (expect.contains) {
      const c = compareRows(expect.contains, result, now, 'contains');
      if (!c.ok) problems.push(c.message);
    }
    if (expect.alerts !== undefined && run) {
      const c = compareAlerts(expect.alerts, run.alerts);
      if (!c.ok) problems.push(c.message);
    }
  } catch (e) {
    if (e instanceof MatcherError) return invalid(e.message, [...test.path, 'expect']);
    throw e;
  }
  return problems.length ? done('failed', problems.join('\n'), [], actual) : done('passed', '', [], actual);
}

/**
 * The analysis of what a test runs when the resolve stage does not hold it: a workbook query with the
 * test's token values (`text`), or any item's query over the test's own watchlist rows (then in a World
 * whose `_GetWatchlist` returns those rows). Cached per run by watchlist rows and query text.
 */
function testAnalysis(
  resolved: ResolvedProject,
  item: ContentItem,
  text: string | undefined,
  watchlists: WatchlistDef[],
  options: FixtureOptions,
): AnalyzedQuery {
  options.analyses ??= new Map();
  const cache = options.analyses;
  const rowsKey = watchlists.length ? JSON.stringify(watchlists.map((w) => [w.alias, w.rows])) : '';
  let world = resolved.world;
  if (rowsKey) {
    const key = `world\0${rowsKey}`;
    world = cache.get(key) as World;
    if (!world) {
      const own = new Map(watchlists.map((w) => [w.alias, w]));
      const base = resolved.world;
      world = new World(
        base.tables,
        base.functions,
        base.watchlists.map((w) => own.get(w.alias) ?? w),
      );
      cache.set(key, world);
    }
  }
  const query = text ?? item.query.text;
  const key = `analysis\0${rowsKey}\0${item.kind === 'parser' && text === undefined ? 'parser' : 'query'}\0${query}`;
  let analysis = cache.get(key) as AnalyzedQuery | undefined;
  if (!analysis) {
    analysis =
      item.kind === 'parser' && text === undefined
        ? world.analyzeFunctionBody(query, item.parameters)
        : world.analyze(query);
    cache.set(key, analysis);
  }
  return analysis;
}

/** A parser is tested by calling it, with the test's params; other items run their query. */
export function queryUnderTest(item: ContentItem, params: Record<string, unknown>): string {
  if (item.kind === 'workbook')
    throw new Error(
      "a workbook holds several queries: a test names one with 'query' (see findWorkbookQuery)",
    );
  if (item.kind !== 'parser') {
    const unknown = Object.keys(params);
    if (unknown.length)
      throw new Error(
        `params are only for parsers; this is ${item.kind === 'analytic' ? 'an analytic rule' : 'a hunting query'}`,
      );
    return item.query.text;
  }
  for (const name of Object.keys(params)) {
    if (!item.parameters.some((p) => p.name === name))
      throw new Error(`parser ${item.functionName} has no parameter '${name}'`);
  }
  const lastGiven = item.parameters.reduce((last, p, i) => (p.name in params ? i : last), -1);
  const args = item.parameters.slice(0, lastGiven + 1).map((p) => {
    if (p.name in params) return kqlLiteral(params[p.name], p.type);
    if (p.default === undefined) throw new Error(`parameter '${p.name}' has no default; give it in params`);
    return p.default;
  });
  const required = item.parameters.slice(lastGiven + 1).find((p) => p.default === undefined);
  if (required) throw new Error(`parameter '${required.name}' has no default; give it in params`);
  return `${item.functionName}(${args.join(', ')})`;
}

/** The look-back of an analytic rule: queryPeriod for scheduled rules, one minute for NRT rules. */
export function rulePeriod(item: ContentItem): bigint | undefined {
  if (item.kind !== 'analytic') return undefined;
  return item.doc.kind === 'NRT' ? parseDuration('1m') : parseDuration(item.doc.queryPeriod ?? '');
}

/**
 * A scheduled analytic rule sees only rows whose TimeGenerated lies in [now − queryPeriod, now], as
 * Sentinel runs it; NRT rules see the last minute. Tables without TimeGenerated are passed whole.
 */
export function applyRuleWindow(
  item: ContentItem,
  tables: Record<string, FixtureTable>,
  now: bigint,
): Record<string, FixtureTable> {
  const period = rulePeriod(item);
  if (period === undefined) return tables;
  return applyWindow(tables, now - period, now);
}

/** Only the rows whose TimeGenerated lies in [from, to]; tables without TimeGenerated are passed whole. */
export function applyWindow(
  tables: Record<string, FixtureTable>,
  from: bigint,
  to: bigint,
): Record<string, FixtureTable> {
  const out: Record<string, FixtureTable> = {};
  for (const [name, table] of Object.entries(tables)) {
    const hasTime = table.columns.some((c) => c.name === 'TimeGenerated' && c.type === 'datetime');
    out[name] = !hasTime
      ? table
      : {
          columns: table.columns,
          rows: table.rows.filter((row) => {
            const t = typeof row.TimeGenerated === 'string' ? parseDatetime(row.TimeGenerated) : undefined;
            return t !== undefined && t >= from && t <= to;
          }),
        };
  }
  return out;
}

/** Declared tables a test gives no rows for are empty, not missing; fixtures of built-in tables pass too. */
export function withEmptyTables(
  resolved: ResolvedProject,
  tables: Record<string, FixtureTable>,
): Record<string, FixtureTable> {
  const out: Record<string, FixtureTable> = { ...tables };
  for (const t of resolved.project.tables) out[t.name] ??= { columns: t.columns, rows: [] };
  return out;
}
