import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { EngineUnsupportedError } from '../engine/errors.js';
import { evaluate } from '../engine/index.js';
import type { ResolvedProject } from '../kql/project-world.js';
import { kqlLiteral } from '../load/kql-literal.js';
import type { ContentItem, TestCase } from '../model/content.js';
import { compareRows } from './compare.js';
import { type FixtureTable, loadFixtures } from './fixtures.js';
import { formatTicks, parseDatetime, parseDuration } from './time.js';

export type TestStatus = 'passed' | 'failed' | 'unsupported' | 'error';

export interface TestResult {
  test: TestCase;
  status: TestStatus;
  /** Why it did not pass: a row diff, the unsupported construct, a fixture problem. */
  message: string;
  durationMs: number;
  /** Problems with the test itself (fixtures, the query under test), at their file positions. */
  diagnostics: Diagnostic[];
}

export interface RunTestsOptions {
  /** Only tests whose item file or test name contains this text. */
  filter?: string;
}

/** Runs every content test of the project on the local engine. A test's failure never stops the others. */
export async function runTests(
  resolved: ResolvedProject,
  options: RunTestsOptions = {},
): Promise<TestResult[]> {
  const results: TestResult[] = [];
  for (const item of resolved.project.items) {
    for (const test of item.tests) {
      if (
        options.filter &&
        !item.source.file.path.includes(options.filter) &&
        !test.name.includes(options.filter)
      )
        continue;
      results.push(await runTest(resolved, test));
    }
  }
  return results;
}

export async function runTest(resolved: ResolvedProject, test: TestCase): Promise<TestResult> {
  const started = performance.now();
  const done = (status: TestStatus, message: string, diagnostics: Diagnostic[] = []): TestResult => ({
    test,
    status,
    message,
    durationMs: performance.now() - started,
    diagnostics,
  });
  const at = (path: (string | number)[]) => ({
    file: test.source.file.path,
    ...test.source.span(path),
    contentId: test.item.id,
  });

  const nowText = test.now ?? resolved.project.config.test.now;
  if (!nowText) {
    const d = diagnostic(
      'fixtureInvalid',
      `test '${test.name}' has no 'now' (set it, or test.now in kqlc.yaml)`,
      at(test.path),
    );
    return done('error', d.message, [d]);
  }
  const now = parseDatetime(nowText);
  if (now === undefined) {
    const d = diagnostic(
      'fixtureInvalid',
      `test '${test.name}': now '${nowText}' is not an ISO 8601 datetime`,
      at([...test.path, 'now']),
    );
    return done('error', d.message, [d]);
  }

  const fixtures = await loadFixtures(test, resolved.project, resolved.table, now);
  if (fixtures.diagnostics.length)
    return done('error', fixtures.diagnostics.map((d) => d.message).join('\n'), fixtures.diagnostics);

  let query: string;
  try {
    query = queryUnderTest(test.item, test.params);
  } catch (e) {
    const d = diagnostic(
      'fixtureInvalid',
      `test '${test.name}': ${(e as Error).message}`,
      at([...test.path, 'params']),
    );
    return done('error', d.message, [d]);
  }
  const analysis = resolved.world.analyze(query);
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    const d = diagnostic(
      'testQueryInvalid',
      `test '${test.name}': the query has errors: ${errors.map((e) => `${e.code} ${e.message}`).join('; ')}`,
      at(test.path),
    );
    return done('error', d.message, [d]);
  }

  const tables = applyRuleWindow(test.item, fixtures.tables, now);
  let result: ReturnType<typeof evaluate>;
  try {
    result = evaluate(analysis.code, { now: formatTicks(now), tables: withEmptyTables(resolved, tables) });
  } catch (e) {
    if (e instanceof EngineUnsupportedError) return done('unsupported', e.message);
    return done('error', `the local engine failed: ${(e as Error).message}`);
  }

  const { expect } = test;
  const problems: string[] = [];
  if (expect.count !== undefined && result.rows.length !== expect.count) {
    problems.push(`expected ${expect.count} row${expect.count === 1 ? '' : 's'}, got ${result.rows.length}`);
  }
  if (expect.rows) {
    const comparison = compareRows(expect.rows, result, now);
    if (!comparison.ok) problems.push(comparison.message);
  }
  return problems.length ? done('failed', problems.join('\n')) : done('passed', '');
}

/** A parser is tested by calling it, with the test's params; other items run their query. */
export function queryUnderTest(item: ContentItem, params: Record<string, unknown>): string {
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

/**
 * A scheduled analytic rule sees only rows whose TimeGenerated lies in [now − queryPeriod, now], as
 * Sentinel runs it; NRT rules see the last minute. Tables without TimeGenerated are passed whole.
 */
export function applyRuleWindow(
  item: ContentItem,
  tables: Record<string, FixtureTable>,
  now: bigint,
): Record<string, FixtureTable> {
  if (item.kind !== 'analytic') return tables;
  const period = item.doc.kind === 'NRT' ? parseDuration('1m') : parseDuration(item.doc.queryPeriod ?? '');
  if (period === undefined) return tables;
  const from = now - period;
  const out: Record<string, FixtureTable> = {};
  for (const [name, table] of Object.entries(tables)) {
    const hasTime = table.columns.some((c) => c.name === 'TimeGenerated' && c.type === 'datetime');
    out[name] = !hasTime
      ? table
      : {
          columns: table.columns,
          rows: table.rows.filter((row) => {
            const t = typeof row.TimeGenerated === 'string' ? parseDatetime(row.TimeGenerated) : undefined;
            return t !== undefined && t >= from && t <= now;
          }),
        };
  }
  return out;
}

/** Declared tables a test gives no rows for are empty, not missing. */
function withEmptyTables(
  resolved: ResolvedProject,
  tables: Record<string, FixtureTable>,
): Record<string, FixtureTable> {
  const out: Record<string, FixtureTable> = {};
  for (const t of resolved.project.tables) out[t.name] = tables[t.name] ?? { columns: t.columns, rows: [] };
  return out;
}
