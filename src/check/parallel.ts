import { availableParallelism } from 'node:os';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ContentItem, Project } from '../model/content.js';
import { siblingScript, startWorker } from '../threads/start-worker.js';
import { request, WorkerPool } from '../threads/worker-pool.js';
import { type CheckCache, itemKeys } from './cache.js';

/**
 * Below this many items to analyse per worker, fewer workers are faster: each pays for loading
 * Kusto.Language (about 2 s of CPU before its first analysis is quick).
 */
export const MIN_ITEMS_PER_WORKER = 150;

export interface ParallelOptions {
  /** Most worker threads to use; default: the machine's available parallelism. */
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

/**
 * Analysis workers started before the project is loaded: each loads Kusto.Language and warms it up
 * (its first analysis costs seconds of one-time initialisation) while the main thread reads the
 * files and consults the cache. `check` then deals them the items that the cache has no result for;
 * workers that get nothing are stopped without ever having been waited for.
 */
export class CheckWorkers extends WorkerPool {
  constructor(root: string, limit: number) {
    super(limit, () => startWorker(siblingScript(import.meta.url, 'check-worker'), { workerData: { root } }));
  }

  /**
   * Runs the item checks of the items (parsers too) that `cache` has no result for and puts the
   * results into `cache`, so that `checkProject` finds them all there. Uses the started workers and,
   * for a large job, starts more up to the limit; with `minItemsPerWorker` per worker. Returns the
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
      const todo = uncheckedItems(project, cache, keys, options.only);
      const wanted = Math.min(
        this.limit,
        Math.max(
          todo.length > 0 ? 1 : 0,
          Math.floor(todo.length / (options.minItemsPerWorker ?? MIN_ITEMS_PER_WORKER)),
        ),
      );
      if (wanted === 0) return 0;
      const workers = this.take(wanted);
      // Deal items round-robin so that every worker gets a similar mix of sizes.
      const shares: string[][] = workers.map(() => []);
      todo.forEach((item, i) => {
        shares[i % workers.length].push(item.source.file.path);
      });
      // Every worker declares the built-in tables the main thread's World would: a query such as
      // `union *` sees the same tables in a worker as in a single-threaded run.
      // (Imported here: the schema pack it reads is not needed by a run the cache answers.)
      const { usedBuiltinTables } = await import('../kql/project-world.js');
      const builtinTables = usedBuiltinTables(project);
      const results = await Promise.all(
        workers.map((w, i) =>
          request<Record<string, Diagnostic[]>>(w, { files: shares[i], builtinTables }, 'a check worker'),
        ),
      );
      const byPath = new Map(project.items.map((i) => [i.source.file.path, i]));
      for (const result of results) {
        for (const [file, diagnostics] of Object.entries(result)) {
          const item = byPath.get(file);
          if (item) cache.set(keys.get(item)!, diagnostics);
        }
      }
      return workers.length;
    } finally {
      await this.close();
    }
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
  const count = Math.min(
    workerLimit(options.workers),
    Math.floor(todo.length / (options.minItemsPerWorker ?? MIN_ITEMS_PER_WORKER)),
  );
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
