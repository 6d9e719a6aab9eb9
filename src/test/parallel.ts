/**
 * Content tests in several threads: the main thread runs a share of the items itself and each worker
 * thread another share. A worker warms Kusto.Language up as soon as it starts (while the main thread
 * loads the project), loads the project's tables, watchlists and parsers plus the items it is dealt,
 * runs their tests and posts the results back. Items are kept whole in one thread, so each query is
 * still analysed once. The main thread puts the results back in the order a single-threaded run
 * gives, with its own TestCase objects, so reports, `--update` and the coverage gate cannot tell the
 * difference. The main thread takes a share because it has loaded the whole project anyway: a worker
 * in its place would load Kusto.Language and the shared files once more (on a 2-CPU machine that
 * costs more than it gains).
 */
import { availableParallelism, loadavg } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { type ResolvedProject, usedBuiltinTables } from '../kql/project-world.js';
import { loadConfig } from '../load/config.js';
import { discoverFiles, EXTENSIONS, isTestsFile } from '../load/discover.js';
import type { ContentItem, TestCase } from '../model/content.js';
import { siblingScript, startWorker } from '../threads/start-worker.js';
import { request, WorkerPool } from '../threads/worker-pool.js';
import type { TestResult } from './runner.js';

/**
 * Below this many items with tests per thread, fewer threads are faster. A worker costs about 4–5 s of
 * CPU before it runs a test (Kusto.Language's one-time initialisation, the modules, the shared files
 * and its items loaded again), while an item with five tests costs about 20 ms; measured with
 * bench/test, two threads were slower than one at 200 items even with a CPU to spare (docs/testing.md).
 */
export const MIN_ITEMS_PER_THREAD = 150;

/**
 * The most threads a run may use: `--workers`/$KQLC_WORKERS when given; else this thread plus one per
 * idle CPU (the CPUs less the load average), at most one per CPU. A worker only pays when it has a CPU
 * to itself: it loads Kusto.Language and the shared files again (about 4–5 s of CPU), so on a busy
 * machine, where every thread gets the same slice, a second thread makes the run slower (docs/testing.md).
 */
export function workerLimit(requested?: number, load = loadavg()[0]): number {
  if (requested !== undefined) return Math.max(1, requested);
  const cpus = availableParallelism();
  return Math.max(1, Math.min(cpus, Math.floor(cpus - load) + 1));
}

/** How many threads `items` items with tests are worth (0 or 1: this thread alone). */
export function threadsFor(items: number, limit: number, minItemsPerThread = MIN_ITEMS_PER_THREAD): number {
  return Math.min(limit, Math.floor(items / minItemsPerThread));
}

/**
 * Roughly how many items the project has (parser, hunting query, rule and workbook files), counted
 * before it is loaded so that workers can start early; the run decides from the items with tests.
 */
export async function countItemFiles(root: string): Promise<number> {
  const { paths } = (await loadConfig(root)).config;
  const files = new Set<string>();
  for (const entries of [paths.parsers, paths.hunting, paths.analytics, paths.workbooks])
    for (const f of await discoverFiles(root, entries, [...EXTENSIONS.parsers, 'json']))
      if (!isTestsFile(f)) files.add(f);
  return files.size;
}

/** An item dealt to a worker: its file, which of the items of that file it is, and which of its tests to run. */
export interface DealtItem {
  path: string;
  ordinal: number;
  tests: number[];
}

/** What the main thread sends a worker. */
export interface TestJob {
  items: DealtItem[];
  /** The whole project's built-in tables, so that a worker's World is the one a full load builds. */
  builtinTables: string[];
  maxSampleBytes?: number;
}

/** A TestResult as posted by a worker: the test by its index in the item's tests. */
export type WireResult = Omit<TestResult, 'test'> & { test: number };

/** What a worker posts back: per dealt item, the results of its tests in the order asked for. */
export type WorkerReply = { results: WireResult[][] } | { error: string };

/** Items in project order with the indices of their selected tests (items without any are left out). */
export function dealItems(tests: readonly TestCase[]): { item: ContentItem; tests: TestCase[] }[] {
  const byItem = new Map<ContentItem, TestCase[]>();
  for (const test of tests) {
    const list = byItem.get(test.item) ?? [];
    if (!list.length) byItem.set(test.item, list);
    list.push(test);
  }
  return [...byItem].map(([item, list]) => ({ item, tests: list }));
}

/**
 * Test workers, started before the project is loaded so that they load Kusto.Language while the main
 * thread reads the files. `run` deals them the items; workers that get nothing are stopped unused.
 */
export class TestWorkers extends WorkerPool<Worker> {
  /** Threads the last `run` used (this one included). */
  threadsUsed = 0;

  /** `script` replaces the worker module (tests use it to make a worker fail). */
  constructor(root: string, limit: number, script?: URL) {
    super(limit, () =>
      startWorker(script ?? siblingScript(import.meta.url, 'test-worker'), { workerData: { root } }),
    );
  }

  /**
   * Runs `tests` (selected from `resolved.project`, in project order) in `threads` threads: this one
   * and `threads - 1` workers (started now when fewer run), and returns their results in the order
   * this thread alone gives. Stops every worker before it returns; a worker that fails or stops
   * early fails the run with an error that says so.
   */
  async run(
    resolved: ResolvedProject,
    tests: readonly TestCase[],
    threads: number,
    options: { maxSampleBytes?: number } = {},
  ): Promise<TestResult[]> {
    let failed = false;
    try {
      const { project } = resolved;
      const workers = this.take(threads - 1);
      this.threadsUsed = workers.length + 1;
      // Which of the items in its file each item is (a file may hold more than one).
      const ordinals = new Map<ContentItem, number>();
      const seen = new Map<string, number>();
      for (const item of project.items) {
        const path = item.source.file.path;
        ordinals.set(item, seen.get(path) ?? 0);
        seen.set(path, (seen.get(path) ?? 0) + 1);
      }
      // Deal whole items, each to the thread with the fewest tests so far; share 0 is this thread's.
      const shares = [0, ...workers].map(() => ({ tests: 0, items: [] as ReturnType<typeof dealItems> }));
      for (const entry of dealItems(tests)) {
        const share = shares.reduce((a, b) => (b.tests < a.tests ? b : a));
        share.items.push(entry);
        share.tests += entry.tests.length;
      }
      const builtinTables = usedBuiltinTables(project);
      const remote = Promise.all(
        workers.map((worker, w) =>
          ask(worker, {
            items: shares[w + 1].items.map(({ item, tests }) => ({
              path: item.source.file.path,
              ordinal: ordinals.get(item)!,
              tests: tests.map((t) => item.tests.indexOf(t)),
            })),
            builtinTables,
            ...(options.maxSampleBytes !== undefined ? { maxSampleBytes: options.maxSampleBytes } : {}),
          }),
        ),
      ).catch((e) => {
        failed = true;
        throw e;
      });
      // This thread runs its share meanwhile (it stops early when a worker fails).
      const here = (async () => {
        const { runTest } = await import('./runner.js');
        const fixtures = {
          maxSampleBytes: options.maxSampleBytes,
          cache: new Map(),
          analyses: new Map(),
        };
        const out = new Map<TestCase, TestResult>();
        for (const { tests } of shares[0].items)
          for (const test of tests) {
            if (failed) return out;
            out.set(test, await runTest(resolved, test, fixtures));
          }
        return out;
      })();
      const [byTest, replies] = await Promise.all([here, remote]);
      workers.forEach((_, w) => {
        shares[w + 1].items.forEach(({ item }, i) => {
          for (const wire of replies[w][i] ?? []) {
            const test = item.tests[wire.test];
            byTest.set(test, decodeResult(wire, test));
          }
        });
      });
      return tests.map((test) => {
        const result = byTest.get(test);
        if (!result) throw new Error(`test worker returned no result for test '${test.name}'`);
        return result;
      });
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      await this.close();
    }
  }
}

async function ask(worker: Worker, job: TestJob): Promise<WireResult[][]> {
  const reply = await request<WorkerReply>(worker, job, 'a test worker');
  if ('error' in reply) throw new Error(`a test worker failed: ${reply.error}`);
  return reply.results;
}

/**
 * A result ready for postMessage: the test by its index (a TestCase holds its item and YAML source,
 * class instances and functions that a structured clone cannot carry). The rest clones as it is: the
 * engine's output rows are plain JSON-like values (DynReal boxes and bigint longs are already numbers
 * and strings, keys such as `__proto__` are own properties, which a structured clone keeps), the
 * clock a bigint, diagnostics plain objects.
 */
export function encodeResult(result: TestResult, index: number): WireResult {
  const { test: _, ...rest } = result;
  return { ...rest, test: index };
}

export function decodeResult(wire: WireResult, test: TestCase): TestResult {
  const { test: _, ...rest } = wire;
  return { test, ...rest };
}
