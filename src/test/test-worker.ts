/**
 * A worker thread of `TestWorkers`: warms Kusto.Language up as soon as it starts, then waits for its
 * job, loads the project's tables, watchlists and parsers plus the items it was dealt, runs the tests
 * it was asked for, and posts the results back (see parallel.ts for the wire form).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { warmUpKusto } from '../kql/kusto.js';
import type { TestJob, WireResult, WorkerReply } from './parallel.js';

const { root } = workerData as { root: string };
const job = new Promise<TestJob>((resolve) => parentPort?.once('message', (m: TestJob) => resolve(m)));
warmUpKusto();
let reply: WorkerReply;
try {
  // Imported after the warm-up so that Kusto.Language's initialisation starts as early as it can.
  const { resolveProject } = await import('../kql/project-world.js');
  const { loadProject } = await import('../load/project.js');
  const { runTest } = await import('./runner.js');
  const { encodeResult } = await import('./parallel.js');
  const { items, builtinTables, maxSampleBytes } = await job;
  const wanted = new Set(items.map((i) => i.path));
  const project = await loadProject(root, { items: (p) => wanted.has(p) });
  const resolved = resolveProject(project, { builtinTables });
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
} catch (e) {
  reply = { error: (e as Error)?.stack ?? String(e) };
}
parentPort?.postMessage(reply);
