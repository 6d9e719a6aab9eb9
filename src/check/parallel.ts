import { availableParallelism } from 'node:os';
import { availableSnapshot, SERVE_CHECKS } from '../kql/kusto-snapshot.js';
import type { ContentItem, Project } from '../model/content.js';
import { SnapshotChild } from '../threads/snapshot-child.js';
import { siblingScript, startWorker } from '../threads/start-worker.js';
import { type PoolWorker, WorkerPool } from '../threads/worker-pool.js';
import { type CheckCache, codeFingerprint, itemKeys } from './cache.js';
import type { ShareReply } from './check-share.js';
import { deal } from './deal.js';

/**
 * Below this many items to analyse per worker, fewer workers are faster: each pays for starting
 * (about 0.7 s from the Kusto.Language snapshot, 2.5 s of CPU as a thread that loads it) and for
 * reading the project's shared files.
 */
export const MIN_ITEMS_PER_WORKER = 150;

export interface ParallelOptions {
  /** Most workers to use; default: the machine's available parallelism. */
  workers?: number;
  only?: ReadonlySet<ContentItem>;
  /** Items each worker should have at least (default MIN_ITEMS_PER_WORKER). */
  minItemsPerWorker?: number;
  /** Item keys already computed for this project (see cache.ts); computed here otherwise. */
  keys?: ReadonlyMap<ContentItem, string>;
}

/** The most workers a run may use: `--workers`/$KQLC_WORKERS when given, else the machine's parallelism. */
export function workerLimit(requested?: number): number {
  return Math.max(1, requested ?? availableParallelism());
}

/** Workers for `items` items: one per `minItems` (at least one when there are any), at most `limit`. */
function workersFor(items: number, limit: number, minItems = MIN_ITEMS_PER_WORKER): number {
  return Math.min(limit, Math.max(items > 0 ? 1 : 0, Math.floor(items / minItems)));
}

/** How a pool's workers start: from the Kusto.Language snapshot, or as threads that load it. */
export type WorkerStart = 'snapshot' | 'thread';

/**
 * Analysis workers started before the project is loaded, so that they have Kusto.Language ready by the
 * time there is work. Each is a child process started from the Kusto.Language snapshot when `npm run
 * build` made one for this Node.js (ready in under a second), otherwise a worker thread that loads and
 * warms Kusto.Language itself (about 2.5 s of CPU). `deal` gives them a cold run's files before the
 * main thread has read them; `check` gives them the items that the cache has no result for. Workers
 * that get nothing are stopped without ever having been waited for.
 */
export class CheckWorkers extends WorkerPool {
  private dealt?: { workers: number; provide: (tables: string[]) => void; done: Promise<ShareReply[]> };
  private readonly replacements: PoolWorker[] = [];

  /** The Kusto.Language snapshot workers start from, looked up when first needed; null: none. */
  private snapshot: string | null | undefined;
  private readonly warn: (message: string) => void;

  constructor(
    readonly root: string,
    limit: number,
    options: {
      /** Told when a snapshot worker fails and its share is checked again in a worker thread. */
      warn?: (message: string) => void;
    } = {},
  ) {
    super(limit, () => this.startWorker(this.kind));
    this.warn = options.warn ?? ((m) => process.stderr.write(`kqlc: ${m}\n`));
  }

  /**
   * How this pool's workers start. Looked up on first use, not when the pool is made: a run that the
   * run cache answers never asks.
   */
  get kind(): WorkerStart {
    this.snapshot ??= availableSnapshot({ code: codeFingerprint() })?.blob ?? null;
    return this.snapshot ? 'snapshot' : 'thread';
  }

  private startWorker(kind: WorkerStart): PoolWorker {
    // The snapshot serves checks with the checker it holds, or, built without one, through check-child.
    return kind === 'snapshot' && this.snapshot
      ? new SnapshotChild(siblingScript(import.meta.url, 'check-child'), this.snapshot, [SERVE_CHECKS])
      : startWorker(siblingScript(import.meta.url, 'check-worker'), {});
  }

  /**
   * Deals `files` (a cold run's content files, before anything is read) to every worker the limit
   * allows: they load their first chunks while this thread loads the project, and then wait only for
   * the built-in tables, which `check` sends them before it collects the results. Files that are not
   * items are ignored by the workers.
   */
  deal(files: readonly string[]): void {
    const workers = this.take(workersFor(files.length, this.limit));
    let provide: (tables: string[]) => void = () => {};
    const tables = new Promise<string[]>((resolve) => {
      provide = resolve;
    });
    const done = deal({ root: this.root, files, workers, tables, replace: (w, e) => this.replacement(w, e) });
    done.catch(() => {}); // awaited (and reported) by check
    this.dealt = { workers: workers.length, provide, done };
  }

  /**
   * Runs the item checks of the items (parsers too) that `cache` has no result for and puts the
   * results into `cache`, so that `checkProject` finds them all there. Collects the results of the
   * files `deal` gave out first, then shares out what is still unchecked among the started workers,
   * starting more for a large job up to the limit, with `minItemsPerWorker` per worker. Returns the
   * number of workers that did work. Stops every worker before it returns.
   */
  async check(
    project: Project,
    cache: CheckCache,
    options: {
      only?: ReadonlySet<ContentItem>;
      minItemsPerWorker?: number;
      keys?: ReadonlyMap<ContentItem, string>;
    } = {},
  ): Promise<number> {
    try {
      const keys = options.keys ?? itemKeys(project);
      // Every worker declares the built-in tables the main thread's World would: a query such as
      // `union *` sees the same tables in a worker as in a single-threaded run.
      // (Imported here: the schema pack it reads is not needed by a run the cache answers.)
      const { usedBuiltinTables } = await import('../kql/project-world.js');
      const builtinTables = usedBuiltinTables(project);
      const byPath = new Map(project.items.map((i) => [i.source.file.path, i]));
      const store = (results: ShareReply[]) => {
        for (const result of results) {
          for (const [file, diagnostics] of Object.entries(result)) {
            const item = byPath.get(file);
            if (item) cache.set(keys.get(item)!, diagnostics);
          }
        }
      };
      let used = 0;
      if (this.dealt) {
        const { workers, provide, done } = this.dealt;
        this.dealt = undefined;
        provide(builtinTables);
        store(await done);
        used = workers;
      }
      const todo = uncheckedItems(project, cache, keys, options.only);
      const wanted = workersFor(todo.length, this.limit, options.minItemsPerWorker);
      if (wanted === 0) return used;
      const workers = this.take(wanted);
      store(
        await deal({
          root: project.root,
          files: todo.map((i) => i.source.file.path),
          workers,
          tables: Promise.resolve(builtinTables),
          replace: (w, e) => this.replacement(w, e),
        }),
      );
      return Math.max(used, workers.length);
    } finally {
      await this.close();
    }
  }

  override async close(): Promise<void> {
    await Promise.all([super.close(), ...this.replacements.splice(0).map((w) => w.terminate())]);
  }

  /**
   * A worker thread in place of a snapshot worker that failed (a blob that this Node.js cannot use,
   * say); undefined for a worker thread, whose failure is the run's.
   */
  private replacement(failed: PoolWorker, error: Error): PoolWorker | undefined {
    if (!(failed instanceof SnapshotChild)) return undefined;
    if (this.replacements.length === 0)
      this.warn(
        `a check worker started from the Kusto.Language snapshot failed (${error.message}); checking its files in a worker thread instead (KQLC_SNAPSHOT=0 skips the snapshot)`,
      );
    const thread = this.startWorker('thread');
    this.replacements.push(thread);
    return thread;
  }
}

/**
 * Runs the item checks of the items that `cache` has no result for in worker threads, each with its
 * own Kusto.Language, and puts the results into `cache`. Returns the number of workers used (0 when
 * the work was too small to share: then one thread is faster than starting workers).
 */
export async function checkInWorkers(
  project: Project,
  cache: CheckCache,
  options: ParallelOptions = {},
): Promise<number> {
  const keys = options.keys ?? itemKeys(project);
  const todo = uncheckedItems(project, cache, keys, options.only);
  const count = workersFor(todo.length, workerLimit(options.workers), options.minItemsPerWorker);
  if (count < 2) return 0;
  return new CheckWorkers(project.root, count).check(project, cache, { ...options, keys });
}

/** The items (of `only`, when given) that `cache` has no result for. */
function uncheckedItems(
  project: Project,
  cache: CheckCache,
  keys: ReadonlyMap<ContentItem, string>,
  only: ReadonlySet<ContentItem> | undefined,
): ContentItem[] {
  return project.items.filter((i) => (!only || only.has(i)) && !cache.has(keys.get(i)!));
}
