/**
 * Generates a project of 200 items (100 analytic rules, 60 hunting queries, 40 parsers called with
 * parameters) with 5 tests each (1,000 tests: inline rows, a shared JSON Lines sample, a shared CSV export;
 * rows, counts, columns, matchers and alert expectations), runs the suite twice, in this thread and
 * in worker threads (as `kqlc test` does: workers started before the project is loaded), and prints
 * for each the total time, the time spent evaluating queries on the engine, and the per-test overhead.
 * Each mode runs in a fresh process. Run: npx tsx bench/test/test.bench.ts [items] [threads]
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { resolveProject } from '../../src/kql/project-world.js';
import { loadProject } from '../../src/load/project.js';
import { countItemFiles, TestWorkers, threadsFor } from '../../src/test/parallel.js';
import { runTests, type TestResult } from '../../src/test/runner.js';

const ITEMS = Number(process.argv[2] ?? 200);
const WORKERS = Number(process.argv[3] ?? availableParallelism());
const TESTS_PER_ITEM = 5;

const TABLE = `name: SigninLogs
columns:
  - { name: TimeGenerated, type: datetime }
  - { name: UserPrincipalName, type: string }
  - { name: IPAddress, type: string }
  - { name: ResultType, type: string }
  - { name: AppDisplayName, type: string }
  - { name: RiskScore, type: real }
  - { name: DeviceDetail, type: dynamic }
`;

const users = ['alice', 'bob', 'carol', 'dan', 'erin', 'frank', 'grace', 'heidi'];
const row = (i: number, code: string) =>
  `{ TimeGenerated: now-${(i % 50) + 1}m, UserPrincipalName: ${users[i % users.length]}@contoso.com, IPAddress: 203.0.113.${i % 20}, ResultType: "${code}", AppDisplayName: App${i % 3}, RiskScore: ${(i % 10) / 10}, DeviceDetail: { browser: Edge, os: Windows } }`;
const inline = (n: number, code: (i: number) => string) =>
  `      SigninLogs:\n${Array.from({ length: n }, (_, i) => `        - ${row(i, code(i))}`).join('\n')}\n`;

const sampleJsonl = Array.from({ length: 200 }, (_, i) =>
  JSON.stringify({
    TimeGenerated: `2026-11-20T11:${String(i % 60).padStart(2, '0')}:00Z`,
    UserPrincipalName: `${users[i % users.length]}@contoso.com`,
    IPAddress: `198.51.100.${i % 30}`,
    ResultType: i % 4 === 0 ? '50126' : '0',
    AppDisplayName: `App${i % 3}`,
    RiskScore: (i % 10) / 10,
    DeviceDetail: { browser: 'Firefox', os: 'Linux' },
  }),
).join('\n');
const sampleCsv = [
  '"TimeGenerated [UTC]",UserPrincipalName,IPAddress,ResultType,AppDisplayName,RiskScore,DeviceDetail',
  ...Array.from(
    { length: 200 },
    (_, i) =>
      `"11/20/2026, 11:${String(i % 60).padStart(2, '0')}:00.000 AM",${users[i % users.length]}@contoso.com,192.0.2.${i % 25},${i % 3 === 0 ? '50126' : '0'},App${i % 3},${(i % 10) / 10},"{""browser"":""Chrome"",""os"":""macOS""}"`,
  ),
].join('\r\n');

function ruleFile(i: number): string {
  const threshold = i % 3;
  return `id: 00000000-0000-4000-8000-${String(i).padStart(12, '0')}
name: Failed sign-ins ${i}
description: failed sign-ins from one address
kind: Scheduled
severity: Medium
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: ${threshold}
tactics: [CredentialAccess]
relevantTechniques: [T1110]
query: |
  SigninLogs
  | where ResultType == "50126" and AppDisplayName != "Excluded${i}"
  | summarize Failures = count(), Users = dcount(UserPrincipalName), FirstUser = take_any(UserPrincipalName) by IPAddress
  | where Failures >= 1
entityMappings:
  - entityType: IP
    fieldMappings:
      - identifier: Address
        columnName: IPAddress
  - entityType: Account
    fieldMappings:
      - identifier: FullName
        columnName: FirstUser
customDetails:
  Failures: Failures
alertDetailsOverride:
  alertDisplayNameFormat: Failed sign-ins from {{IPAddress}}
eventGroupingSettings:
  aggregationKind: AlertPerResult
version: 1.0.0
`;
}

function ruleTests(i: number): string {
  const now = '    now: 2026-11-20T12:00:00Z\n';
  return `tests:
  - name: fires for failures from one address
${now}    input:
${inline(8, () => '50126')}    expect:
      alerts:
        - { name: { $regex: '^Failed sign-ins from 203' }, customDetails: { Failures: "1" }, entities: [ { type: IP, Address: 203.0.113.0 }, { type: Account, FullName: alice@contoso.com } ] }
        - { name: $any }
        - { name: $any }
        - { name: $any }
        - { name: $any }
        - { name: $any }
        - { name: $any }
        - { name: $any }
  - name: quiet on successes
${now}    input:
${inline(10, () => '0')}    expect: { alerts: 0, count: 0 }
  - name: counts addresses in the shared sample
${now}    input:
      SigninLogs: bench.jsonl
    expect: { count: 15, columns: { IPAddress: string, Failures: long, Users: long, FirstUser: string } }
  - name: CSV export
${now}    input:
      SigninLogs: bench.csv
    expect: { contains: [ { IPAddress: 192.0.2.0, Failures: $any } ] }
  - name: mixed rows ${i}
${now}    input:
${inline(12, (k) => (k % 2 ? '50126' : '0'))}    expect:
      count: 6
`;
}

function huntingFile(i: number): string {
  return `id: 10000000-0000-4000-8000-${String(i).padStart(12, '0')}
name: Risky sign-ins ${i}
description: risky sign-ins by user
query: |
  SigninLogs
  | where RiskScore >= 0.${(i % 5) + 1}
  | extend Browser = tostring(DeviceDetail.browser)
  | project TimeGenerated, UserPrincipalName, RiskScore, Browser
tests:
  - name: finds risky sign-ins
    now: 2026-11-20T12:00:00Z
    input:
${inline(10, () => '0')}    expect:
      contains:
        - { UserPrincipalName: { $regex: '@contoso\\.com$' }, RiskScore: { $approx: 0.9, tolerance: 0.001 }, Browser: Edge }
  - name: none when no risk
    now: 2026-11-20T12:00:00Z
    input:
      SigninLogs: []
    expect: { rows: [] }
  - name: sample
    now: 2026-11-20T12:00:00Z
    input:
      SigninLogs: bench.jsonl
    expect: { columns: { TimeGenerated: datetime, UserPrincipalName: string, RiskScore: real, Browser: string } }
  - name: csv
    now: 2026-11-20T12:00:00Z
    input:
      SigninLogs: bench.csv
    expect: { contains: [ { Browser: Chrome } ] }
  - name: ordered
    now: 2026-11-20T12:00:00Z
    input:
      SigninLogs:
        - ${row(9, '0')}
    expect: { ordered: true, rows: [ { UserPrincipalName: bob@contoso.com, RiskScore: 0.9 } ] }
`;
}

function parserFile(i: number): string {
  const tests = Array.from(
    { length: TESTS_PER_ITEM },
    (_, t) => `  - name: code ${t}
    now: 2026-11-20T12:00:00Z
    params: { code: "${t % 2 ? '50126' : '0'}" }
    input:
${inline(10, (k) => (k % 2 ? '50126' : '0'))}    expect: { count: 5 }
`,
  ).join('');
  return `id: 20000000-0000-4000-8000-${String(i).padStart(12, '0')}
name: SigninsByCode${i}
parameters:
  - { name: code, type: string, default: '50126' }
query: |
  SigninLogs
  | where ResultType == code
  | project TimeGenerated, Upn = UserPrincipalName, IPAddress
tests:
${tests}`;
}

// A child run measures one mode on the project its parent generated, in a fresh process: a mode
// measured after another in the same process would find Kusto.Language loaded and the code compiled.
const child = process.env.KQLC_BENCH_ROOT;
if (child) {
  const threads = Number(process.env.KQLC_BENCH_THREADS);
  const m = await measure(child, threads === 1 ? 'single thread' : `up to ${threads} threads`, threads);
  report(m);
  console.log(
    `outcome ${createHash('sha256')
      .update(JSON.stringify(m.results.map(outcome)))
      .digest('hex')}`,
  );
  console.log(`total ${m.total}`);
} else {
  const root = await mkdtemp(path.join(tmpdir(), 'kqlc-bench-test-'));
  try {
    for (const dir of ['content/tables', 'content/samples', 'analytics', 'hunting', 'parsers'])
      await mkdir(path.join(root, dir), { recursive: true });
    await writeFile(path.join(root, 'content/tables/SigninLogs.yaml'), TABLE);
    await writeFile(path.join(root, 'content/samples/bench.jsonl'), sampleJsonl);
    await writeFile(path.join(root, 'content/samples/bench.csv'), sampleCsv);
    const rules = Math.round(ITEMS * 0.5);
    const hunting = Math.round(ITEMS * 0.3);
    const parsers = ITEMS - rules - hunting;
    for (let i = 0; i < rules; i++) {
      await writeFile(path.join(root, 'analytics', `r${i}.yaml`), ruleFile(i));
      await writeFile(path.join(root, 'analytics', `r${i}.tests.yaml`), ruleTests(i));
    }
    for (let i = 0; i < hunting; i++)
      await writeFile(path.join(root, 'hunting', `h${i}.yaml`), huntingFile(i));
    for (let i = 0; i < parsers; i++)
      await writeFile(path.join(root, 'parsers', `p${i}.yaml`), parserFile(i));

    const runs = [1, WORKERS].map((threads) => {
      const out = execFileSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
        env: { ...process.env, KQLC_BENCH_ROOT: root, KQLC_BENCH_THREADS: String(threads) },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 64 * 1024 * 1024,
      });
      process.stdout.write(out.replace(/^(outcome|total) .*\n/gm, ''));
      return {
        outcome: /^outcome (\S+)/m.exec(out)?.[1],
        total: Number(/^total (\S+)/m.exec(out)?.[1]),
      };
    });
    const [single, parallel] = runs;
    console.log(
      `\nsame results in both modes: ${single.outcome === parallel.outcome ? 'yes' : 'NO'}; total ${single.total.toFixed(0)} ms → ${parallel.total.toFixed(0)} ms (${((1 - parallel.total / single.total) * 100).toFixed(0)}% less wall time)`,
    );
  } finally {
    // $KQLC_BENCH_KEEP: keep the generated project (to run `kqlc test` on it).
    if (process.env.KQLC_BENCH_KEEP) console.log(`project kept in ${root}`);
    else await rm(root, { recursive: true, force: true });
  }
}

interface Measured {
  mode: string;
  results: TestResult[];
  workers: number;
  load: number;
  resolve: number;
  run: number;
  total: number;
  cpu: number;
}

/** One `kqlc test` of the generated project: load, resolve, run (workers started first, as the CLI does). */
async function measure(root: string, mode: string, workers: number): Promise<Measured> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  let pool: TestWorkers | undefined;
  const early = workers > 1 ? threadsFor(await countItemFiles(root), workers, 1) : 0;
  if (early >= 2) pool = new TestWorkers(root, workers - 1).start(early - 1);
  const project = await loadProject(root);
  const errors = project.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`bench project does not load: ${errors[0].file}: ${errors[0].message}`);
  const t1 = performance.now();
  const resolved = resolveProject(project);
  // In this thread: loads Kusto.Language and builds the project's global state (lazily built).
  if (!pool) void resolved.world;
  const t2 = performance.now();
  // The bench shares out its items whatever their number, to measure the threads (`kqlc test` needs
  // MIN_ITEMS_PER_THREAD items per thread).
  const results = await runTests(resolved, { workers, pool, minItemsPerThread: 1 });
  const t3 = performance.now();
  const used = process.cpuUsage(cpu);
  return {
    mode,
    results,
    workers: pool ? early : 1,
    load: t1 - t0,
    resolve: t2 - t1,
    run: t3 - t2,
    total: t3 - t0,
    cpu: (used.user + used.system) / 1000,
  };
}

function report(m: Measured): void {
  const { results } = m;
  const count = (s: string) => results.filter((r) => r.status === s).length;
  const notPassed = results.filter((r) => r.status !== 'passed');
  const sum = (f: (r: TestResult) => number) => results.reduce((ms, r) => ms + f(r), 0);
  const evaluate = sum((r) => r.evaluateMs);
  const analyze = sum((r) => r.analyzeMs);
  const rest = results.map((r) => r.durationMs - r.evaluateMs - r.analyzeMs).sort((a, b) => a - b);
  const pct = (p: number) => rest[Math.min(rest.length - 1, Math.floor((p / 100) * rest.length))];
  const perTest = (ms: number) => `${(ms / results.length).toFixed(2)} ms per test`;
  console.log(
    `\n${m.mode}: ${ITEMS} items, ${results.length} tests: ${count('passed')} passed, ${notPassed.length} not passed; ${m.workers} thread${m.workers === 1 ? '' : 's'} ran tests`,
  );
  for (const r of notPassed.slice(0, 3))
    console.log(`  ${r.status} ${r.test.item.name} › ${r.test.name}: ${r.message}`);
  console.log(
    `  total ${m.total.toFixed(0)} ms: load ${m.load.toFixed(0)} ms, resolve ${m.resolve.toFixed(0)} ms${m.workers === 1 ? ' (Kusto.Language loaded once)' : ''}, run ${m.run.toFixed(0)} ms`,
  );
  // On a shared machine wall time stretches with other load; CPU time does much less.
  console.log(
    `  CPU time, all threads, everything included: ${m.cpu.toFixed(0)} ms = ${(m.cpu / results.length).toFixed(2)} ms per test`,
  );
  console.log(
    `  summed over threads: query evaluation ${evaluate.toFixed(0)} ms (${perTest(evaluate)}); Kusto.Language analysis, once per item: ${analyze.toFixed(0)} ms (${perTest(analyze)})`,
  );
  console.log(
    `  per test, everything else (fixtures, comparison, alerts): median ${pct(50).toFixed(2)}, p95 ${pct(95).toFixed(2)}, max ${pct(100).toFixed(1)} ms`,
  );
  // Evaluation runs on `workers` threads at once: its share of the wall time is its sum over them.
  const overhead = m.total - evaluate / m.workers;
  console.log(
    `  wall time beyond query evaluation, load and analysis included: ${perTest(overhead)} (run only: ${perTest(m.run - evaluate / m.workers)})`,
  );
}

/** What must not differ between the modes: everything but the timings. */
function outcome(r: TestResult) {
  return {
    file: r.test.source.file.path,
    test: r.test.name,
    status: r.status,
    message: r.message,
    diagnostics: r.diagnostics,
    rows: r.actual?.result.rows.length,
  };
}
