import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ContentItem, Project } from '../model/content.js';
import { type CheckCache, itemKeys } from './cache.js';

/** Below this many items to analyse, one thread is faster than starting workers (each loads Kusto.Language). */
export const MIN_ITEMS_PER_WORKER = 150;

export interface ParallelOptions {
  /** Most worker threads to use; default: the machine's available parallelism. */
  workers?: number;
  only?: ReadonlySet<ContentItem>;
  /** Items each worker should have at least (default MIN_ITEMS_PER_WORKER). */
  minItemsPerWorker?: number;
}

/**
 * Runs the item checks of the items that `cache` has no result for in worker threads, each with its
 * own Kusto.Language, and puts the results into `cache`; `checkProject` then finds them all there.
 * Returns the number of workers used (0 when the work was too small to share).
 */
export async function checkInWorkers(
  project: Project,
  cache: CheckCache,
  options: ParallelOptions = {},
): Promise<number> {
  const keys = itemKeys(project);
  const todo = project.items.filter(
    (i) => (!options.only || options.only.has(i)) && i.kind !== 'parser' && !cache.has(keys.get(i)!),
  );
  const max = Math.max(1, options.workers ?? availableParallelism());
  const count = Math.min(max, Math.floor(todo.length / (options.minItemsPerWorker ?? MIN_ITEMS_PER_WORKER)));
  if (count < 2) return 0;
  // Deal items round-robin so that every worker gets a similar mix of sizes.
  const shares: string[][] = Array.from({ length: count }, () => []);
  todo.forEach((item, i) => {
    shares[i % count].push(item.source.file.path);
  });
  const results = await Promise.all(shares.map((files) => runWorker(project.root, files)));
  const byPath = new Map(project.items.map((i) => [i.source.file.path, i]));
  for (const result of results) {
    for (const [file, diagnostics] of Object.entries(result)) {
      const item = byPath.get(file);
      if (item) cache.set(keys.get(item)!, diagnostics);
    }
  }
  return count;
}

function runWorker(root: string, files: string[]): Promise<Record<string, Diagnostic[]>> {
  return new Promise((resolve, reject) => {
    const worker = newCheckWorker({ root, files });
    worker.once('message', (result) => resolve(result as Record<string, Diagnostic[]>));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`check worker exited with code ${code}`));
    });
  });
}

/**
 * From dist/ the worker is plain JavaScript. From the TypeScript sources (tests, tsx) it first
 * registers tsx's loader in the worker, which does not inherit the parent's loaders.
 */
function newCheckWorker(workerData: { root: string; files: string[] }): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./check-worker.js', import.meta.url), { workerData });
  const require = createRequire(import.meta.url);
  const tsx = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const target = new URL('./check-worker.ts', import.meta.url).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(target)}); }).catch((e) => { console.error(e); process.exit(1); });`;
  return new Worker(code, { eval: true, workerData });
}
