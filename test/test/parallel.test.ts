import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolveProject, usedBuiltinTables } from '../../src/kql/project-world.js';
import { loadProject } from '../../src/load/project.js';
import { TestWorkers, threadsFor, workerLimit } from '../../src/test/parallel.js';
import { runTests, type TestResult } from '../../src/test/runner.js';
import { ruleYaml, SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** A result without its timings, which differ from run to run. */
const untimed = ({ durationMs: _d, evaluateMs: _e, analyzeMs: _a, ...rest }: TestResult) => rest;

const QUERY =
  'SigninLogs\n| where ResultType == "50126"\n| project TimeGenerated, UserPrincipalName, IPAddress';
const rows = `      SigninLogs:
        - { TimeGenerated: now-5m, UserPrincipalName: alice@contoso.com, IPAddress: 203.0.113.7, ResultType: "50126" }
        - { TimeGenerated: now-10m, UserPrincipalName: bob@contoso.com, IPAddress: 203.0.113.7, ResultType: "0" }`;

const rule = (n: number, query: string) =>
  ruleYaml(query).replace('9f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f', `9f1e4b0e-6c1d-4c1e-9f0a-00000000000${n}`);

/** Items whose tests pass, fail, are unsupported, skipped or in error, and return dynamic values. */
const FILES: Record<string, string> = {
  'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
  'analytics/r1.yaml': rule(1, QUERY),
  'analytics/r1.tests.yaml': `tests:
  - name: raises an alert
    now: 2026-11-20T12:00:00Z
    input:
${rows}
    expect:
      rows: [ { UserPrincipalName: alice@contoso.com } ]
      alerts: 1
  - name: wrong row
    now: 2026-11-20T12:00:00Z
    input:
${rows}
    expect:
      rows: [ { UserPrincipalName: mallory@contoso.com } ]
  - name: not yet
    skip: waiting for data
    expect: { count: 0 }
`,
  'analytics/r2.yaml': rule(2, 'SigninLogs\n| evaluate autocluster()\n| extend UserPrincipalName = ""'),
  'analytics/r2.tests.yaml': `tests:
  - name: plugin
    now: 2026-11-20T12:00:00Z
    expect: { count: 0 }
  - name: missing sample
    now: 2026-11-20T12:00:00Z
    input:
      SigninLogs: nowhere.jsonl
    expect: { count: 0 }
`,
  'hunting/h1.yaml': `id: 5b1f0c7e-2a4d-4e8f-9b3a-6c7d8e9f0a11
name: Dynamic values
description: reals with integral values and odd keys inside dynamic values
query: |
  SigninLogs
  | extend d = parse_json('{"r": 2.0, "n": [1.0, 2.5, {"__proto__": 3.0}], "l": 9007199254740993}')
  | extend b = bag_pack("__proto__", real(1), "y", UserPrincipalName)
  | project UserPrincipalName, d, b, s = todynamic(strcat('{"__proto__": 2.0}'))
tests:
  - name: rows with dynamic values
    now: 2026-11-20T12:00:00Z
    input:
${rows}
    expect: { count: 2 }
  - name: wrong count
    now: 2026-11-20T12:00:00Z
    input:
${rows}
    expect: { count: 3 }
`,
  'hunting/h2.yaml': `id: 5b1f0c7e-2a4d-4e8f-9b3a-6c7d8e9f0a12
name: No expectation
description: a test that expects nothing is in error
query: SigninLogs | take 1
tests:
  - name: nothing expected
    now: 2026-11-20T12:00:00Z
    expect: {}
  - name: bad query param
    now: 2026-11-20T12:00:00Z
    params: { code: "1" }
    expect: { count: 0 }
`,
  'parsers/ByCode.yaml': `id: 20000000-0000-4000-8000-000000000001
name: ByCode
parameters:
  - { name: code, type: string, default: '50126' }
query: |
  SigninLogs
  | where ResultType == code
  | project Upn = UserPrincipalName
tests:
  - name: default code
    now: 2026-11-20T12:00:00Z
    input:
${rows}
    expect: { rows: [ { Upn: alice@contoso.com } ] }
  - name: success code
    now: 2026-11-20T12:00:00Z
    params: { code: "0" }
    input:
${rows}
    expect: { rows: [ { Upn: alice@contoso.com } ] }
`,
};

describe('tests in worker threads', () => {
  it('give the same results, in the same order, as one thread', async () => {
    const project = await loadProject(tempProject(FILES));
    expect(project.diagnostics).toEqual([]);
    const resolved = resolveProject(project);
    const alone = await runTests(resolved);
    const pool = new TestWorkers(project.root, 3);
    const shared = await runTests(resolved, { workers: 3, minItemsPerThread: 1, pool });
    expect(pool.threadsUsed).toBe(3);
    expect(new Set(alone.map((r) => r.status))).toEqual(
      new Set(['passed', 'failed', 'skipped', 'unsupported', 'error']),
    );
    expect(shared.map(untimed)).toStrictEqual(alone.map(untimed));
    // The main thread's own test cases, and the engine's boxed reals back as DynReal.
    shared.forEach((r, i) => {
      expect(r.test).toBe(alone[i].test);
    });
    // Dynamic values come back whole: a `__proto__` key stays an own key, a long beyond 2^53 a string.
    const dynamic = shared.find((r) => r.test.name === 'rows with dynamic values')!.actual!;
    expect(typeof dynamic.now).toBe('bigint');
    const [, d, b, s] = dynamic.result.rows[0] as Record<string, unknown>[];
    expect(d).toStrictEqual({ r: 2, n: [1, 2.5, JSON.parse('{"__proto__": 3}')], l: '9007199254740993' });
    expect(Object.hasOwn(b, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(b)).toBe(Object.prototype);
    expect(Object.hasOwn(s, '__proto__')).toBe(true);
  });

  it('give the same results on this repository, with --filter', async () => {
    const resolved = resolveProject(await loadProject(path.join(here, '../..')));
    for (const filter of [undefined, 'members']) {
      const alone = await runTests(resolved, { filter });
      const pool = new TestWorkers(resolved.project.root, 2);
      const shared = await runTests(resolved, { filter, workers: 2, minItemsPerThread: 1, pool });
      expect(pool.threadsUsed).toBe(2);
      expect(alone.length).toBeGreaterThan(0);
      expect(shared.map(untimed)).toStrictEqual(alone.map(untimed));
    }
  });

  it("a worker's partial load declares the whole project's built-in tables", async () => {
    const hunting = (n: number, query: string) => `id: 5b1f0c7e-2a4d-4e8f-9b3a-00000000000${n}
name: Hunting ${n}
description: test
query: ${query}
`;
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'hunting/a.yaml': hunting(1, 'AuditLogs | take 1'),
      'hunting/b.yaml': hunting(2, 'union * | take 1'),
    });
    const full = await loadProject(root);
    const partial = await loadProject(root, { items: (p) => p === 'hunting/b.yaml' });
    expect(usedBuiltinTables(full)).toEqual(['AuditLogs']);
    expect(usedBuiltinTables(partial)).toEqual([]);
    const names = (r: ReturnType<typeof resolveProject>) => r.world.tables.map((t) => t.name);
    expect(names(resolveProject(partial, { builtinTables: usedBuiltinTables(full) }))).toEqual(
      names(resolveProject(full)),
    );
  });

  it('a small suite stays in this thread; workers started early are stopped unused', async () => {
    expect(workerLimit(3)).toBe(3);
    expect(workerLimit(undefined, 100)).toBe(1);
    expect(workerLimit(undefined, 0)).toBe(availableParallelism());
    expect(threadsFor(299, 2)).toBe(1);
    expect(threadsFor(300, 2)).toBe(2);
    expect(threadsFor(1000, 4)).toBe(4);
    expect(threadsFor(99, 2, 50)).toBe(1);
    const project = await loadProject(tempProject(FILES));
    const pool = new TestWorkers(project.root, 1).start(1);
    expect(pool.size).toBe(1);
    const results = await runTests(resolveProject(project), { workers: 2, pool });
    expect(results.length).toBe(11);
    expect(pool.size).toBe(0);
    expect(pool.threadsUsed).toBe(0);
  });

  it('a worker that stops or throws fails the run with an error that says so', async () => {
    const resolved = resolveProject(await loadProject(tempProject(FILES)));
    const exiting = new URL('./fixtures/exiting-test-worker.ts', import.meta.url);
    await expect(
      runTests(resolved, {
        workers: 2,
        minItemsPerThread: 1,
        pool: new TestWorkers(resolved.project.root, 1, exiting),
      }),
    ).rejects.toThrow('a test worker stopped (exit code 3) before it returned its results');
    const throwing = new URL('./fixtures/throwing-test-worker.ts', import.meta.url);
    await expect(
      runTests(resolved, {
        workers: 2,
        minItemsPerThread: 1,
        pool: new TestWorkers(resolved.project.root, 1, throwing),
      }),
    ).rejects.toThrow('a test worker failed: worker exploded');
  });
});
