/**
 * A worker thread of `TestWorkers`: warms Kusto.Language up as soon as it starts, then waits for its
 * job, loads the project's tables, watchlists and parsers plus the items it was dealt, runs the tests
 * it was asked for, and posts the results back (see parallel.ts for the wire form).
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import { warmUpKusto } from '../kql/kusto.js';
import type { TestJob, WireResult, WorkerReply } from './parallel.js';

const { root } = workerData as { root: string };
const started = performance.now();
const cpu = process.cpuUsage();
/** With $KQLC_TIMINGS, each phase of the worker as it ends (wall and CPU time of the whole process). */
const mark = (phase: string) => {
  if (!process.env.KQLC_TIMINGS) return;
  const used = process.cpuUsage(cpu);
  process.stderr.write(
    `[test worker ${threadId}: ${(performance.now() - started).toFixed(0)} ms, process CPU ${((used.user + used.system) / 1000).toFixed(0)} ms] ${phase}\n`,
  );
};
const job = new Promise<TestJob>((resolve) => parentPort?.once('message', (m: TestJob) => resolve(m)));
warmUpKusto();
mark('Kusto.Language warmed up');
let reply: WorkerReply;
try {
  // Imported after the warm-up so that Kusto.Language's initialisation starts as early as it can.
  const { resolveProject } = await import('../kql/project-world.js');
  const { loadProject } = await import('../load/project.js');
  const { runTest } = await import('./runner.js');
  const { encodeResult } = await import('./parallel.js');
  mark('modules imported');
  const { items, builtinTables, maxSampleBytes } = await job;
  mark('job received');
  const wanted = new Set(items.map((i) => i.path));
  const project = await loadProject(root, { items: (p) => wanted.has(p) });
  const resolved = resolveProject(project, { builtinTables });
  mark(`project loaded (${project.items.length} items)`);
  const byPath = new Map<string, typeof project.items>();
  for (const item of project.items) {
    const path = item.source.file.path;
    byPath.set(path, [...(byPath.get(path) ?? []), item]);
  }
  // Sample files are read once per worker however many tests use them (as runTests does per run).
  const fixtures = { maxSampleBytes, cache: new Map(), analyses: new Map() };
  const results: WireResult[][] = [];
  for (const dealt of items) {
    const item = byPath.get(dealt.path)?.[dealt.ordinal];
    if (!item) throw new Error(`${dealt.path}: item ${dealt.ordinal} did not load in the worker`);
    const out: WireResult[] = [];
    for (const index of dealt.tests) {
      const test = item.tests[index];
      if (!test) throw new Error(`${dealt.path}: test ${index} did not load in the worker`);
      out.push(encodeResult(await runTest(resolved, test, fixtures), index));
    }
    results.push(out);
  }
  reply = { results };
  mark('tests run');
} catch (e) {
  reply = { error: (e as Error)?.stack ?? String(e) };
}
parentPort?.postMessage(reply);
