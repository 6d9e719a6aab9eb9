/**
 * Content tests in worker threads: each worker warms Kusto.Language up as soon as it starts, loads the
 * project's tables, watchlists and parsers plus the items it is dealt, runs their tests and posts the
 * results back. Items are kept whole in one worker, so each query is still analysed once. The main
 * thread puts the results back in the order a single-threaded run gives, with its own TestCase objects,
 * so reports, `--update` and the coverage gate cannot tell the difference.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DynReal, setKey } from '../engine/values/dynamic.js';
import { type ResolvedProject, usedBuiltinTables } from '../kql/project-world.js';
import { loadConfig } from '../load/config.js';
import { discoverFiles, EXTENSIONS, isTestsFile } from '../load/discover.js';
import type { ContentItem, TestCase } from '../model/content.js';
import type { TestResult } from './runner.js';

/**
 * Below this many items with tests per worker, fewer workers are faster: each pays for loading
 * Kusto.Language (about 2 s of CPU before its first analysis is quick) and for loading the project's
 * shared files again.
 */
export const MIN_ITEMS_PER_WORKER = 50;

/** The most workers a run may use: `--workers`/$KQLC_WORKERS when given, else the machine's parallelism. */
export function workerLimit(requested?: number): number {
  return Math.max(1, requested ?? availableParallelism());
}

/** How many workers `items` items with tests are worth (0 or 1: run them in this thread). */
export function workersFor(items: number, limit: number, minItemsPerWorker = MIN_ITEMS_PER_WORKER): number {
  return Math.min(limit, Math.floor(items / minItemsPerWorker));
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

/** A TestResult as posted by a worker: the test by its index in the item's tests, values encoded. */
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
export class TestWorkers {
  private readonly started: Worker[] = [];

  /** `script` replaces the worker module (tests use it to make a worker fail). */
  constructor(
    private readonly root: string,
    private readonly limit: number,
    private readonly script?: URL,
  ) {}

  /** Starts workers until `count` run (never more than the limit). */
  start(count: number): this {
    while (this.started.length < Math.min(count, this.limit))
      this.started.push(newTestWorker({ root: this.root }, this.script));
    return this;
  }

  get size(): number {
    return this.started.length;
  }

  /**
   * Runs `tests` (selected from `resolved.project`, in project order) in `count` workers, starting
   * more when fewer run, and returns their results in the same order. Stops every worker before it
   * returns; a worker that fails or stops early fails the run with an error that says so.
   */
  async run(
    resolved: ResolvedProject,
    tests: readonly TestCase[],
    count: number,
    options: { maxSampleBytes?: number } = {},
  ): Promise<TestResult[]> {
    try {
      const { project } = resolved;
      const items = dealItems(tests);
      this.start(count);
      const workers = this.started.slice(0, Math.max(1, Math.min(count, this.started.length)));
      // Which of the items in its file each item is (a file may hold more than one).
      const ordinals = new Map<ContentItem, number>();
      const seen = new Map<string, number>();
      for (const item of project.items) {
        const path = item.source.file.path;
        ordinals.set(item, seen.get(path) ?? 0);
        seen.set(path, (seen.get(path) ?? 0) + 1);
      }
      // Deal whole items, each to the worker with the fewest tests so far.
      const shares = workers.map(() => ({ tests: 0, items: [] as (typeof items)[number][] }));
      for (const entry of items) {
        const share = shares.reduce((a, b) => (b.tests < a.tests ? b : a));
        share.items.push(entry);
        share.tests += entry.tests.length;
      }
      const builtinTables = usedBuiltinTables(project);
      const replies = await Promise.all(
        workers.map((worker, w) =>
          ask(worker, {
            items: shares[w].items.map(({ item, tests }) => ({
              path: item.source.file.path,
              ordinal: ordinals.get(item)!,
              tests: tests.map((t) => item.tests.indexOf(t)),
            })),
            builtinTables,
            ...(options.maxSampleBytes !== undefined ? { maxSampleBytes: options.maxSampleBytes } : {}),
          }),
        ),
      );
      const byTest = new Map<TestCase, TestResult>();
      shares.forEach((share, w) => {
        share.items.forEach(({ item }, i) => {
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
    } finally {
      await this.close();
    }
  }

  /** Stops every started worker (a run that needed none of them calls this alone). */
  async close(): Promise<void> {
    await Promise.all(this.started.splice(0).map((w) => w.terminate()));
  }
}

function ask(worker: Worker, job: TestJob): Promise<WireResult[][]> {
  return new Promise((resolve, reject) => {
    worker.once('message', (reply: WorkerReply) => {
      if ('error' in reply) reject(new Error(`a test worker failed: ${reply.error}`));
      else resolve(reply.results);
    });
    worker.once('error', (e) => reject(new Error(`a test worker failed: ${e?.message ?? String(e)}`)));
    worker.once('exit', (code) =>
      reject(new Error(`a test worker stopped (exit code ${code}) before it returned its results`)),
    );
    worker.postMessage(job);
  });
}

/**
 * From dist/ the worker is plain JavaScript. From the TypeScript sources (tests, tsx) it first
 * registers tsx's loader in the worker, which does not inherit the parent's loaders.
 */
function newTestWorker(workerData: { root: string }, script?: URL): Worker {
  const fromSources = import.meta.url.endsWith('.ts');
  const target = script ?? new URL(fromSources ? './test-worker.ts' : './test-worker.js', import.meta.url);
  if (!target.href.endsWith('.ts')) return new Worker(target, { workerData });
  const require = createRequire(import.meta.url);
  const tsx = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(target.href)}); }).catch((e) => { console.error(e); process.exit(1); });`;
  return new Worker(code, { eval: true, workerData });
}

/**
 * A result ready for postMessage: the test by its index, and the DynReal boxes of the query's rows
 * (class instances lose their class in a structured clone) as one-element Float64Arrays, which no
 * engine value is. Copies: the rows may share values with cached fixtures.
 */
export function encodeResult(result: TestResult, index: number): WireResult {
  const { test: _, actual, ...rest } = result;
  return {
    ...rest,
    test: index,
    ...(actual
      ? {
          actual: {
            ...actual,
            result: { ...actual.result, rows: actual.result.rows.map((row) => row.map(encodeValue)) },
          },
        }
      : {}),
  };
}

export function decodeResult(wire: WireResult, test: TestCase): TestResult {
  const { test: _, actual, ...rest } = wire;
  if (actual)
    for (const row of actual.result.rows) for (let i = 0; i < row.length; i++) row[i] = decodeValue(row[i]);
  return { test, ...rest, ...(actual ? { actual } : {}) };
}

function encodeValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof DynReal) return Float64Array.of(value.value);
  if (Array.isArray(value)) return value.map(encodeValue);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) setKey(out, key, encodeValue(v));
  return out;
}

/** In place: the decoded value is the main thread's own copy. */
function decodeValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Float64Array) return new DynReal(value[0]);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = decodeValue(value[i]);
    return value;
  }
  const bag = value as Record<string, unknown>;
  for (const key of Object.keys(bag)) setKey(bag, key, decodeValue(bag[key]));
  return bag;
}
