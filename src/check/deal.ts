/**
 * Shares a check's files out among workers in chunks that shrink as the work runs out (guided
 * scheduling): each worker asks for the next chunk when it replies, so that a worker given slower
 * items, or a slower core, does not leave the others waiting at the end.
 */
import { type PoolWorker, request } from '../threads/worker-pool.js';
import type { ShareReply, ShareRequest, TablesMessage } from './check-share.js';

/** The smallest chunk: each request costs a worker about 50 ms to read the project's shared files. */
export const MIN_CHUNK = 50;

export interface Deal {
  root: string;
  files: readonly string[];
  workers: readonly PoolWorker[];
  /**
   * The built-in tables every worker declares. Until they are known (a cold run deals its files before
   * it has read the project), a worker's first request goes without them and they follow when known.
   */
  tables: Promise<string[]>;
  /** A worker in place of one that failed, or undefined: then the failure is the run's. */
  replace: (failed: PoolWorker, error: Error) => PoolWorker | undefined;
}

/** The size of the next chunk when `remaining` files are left for `workers` workers. */
export function nextChunkSize(remaining: number, workers: number): number {
  return Math.min(remaining, Math.max(MIN_CHUNK, Math.ceil(remaining / (2 * workers))));
}

/** Runs the deal to the end; the replies of every chunk, in no particular order. */
export async function deal(d: Deal): Promise<ShareReply[]> {
  let offset = 0;
  const next = (): string[] | undefined => {
    if (offset >= d.files.length) return undefined;
    const start = offset;
    offset += nextChunkSize(d.files.length - offset, d.workers.length);
    return d.files.slice(start, offset);
  };
  let tables: string[] | undefined;
  void d.tables.then((t) => {
    tables = t;
  });
  const replies: ShareReply[] = [];

  const serve = async (first: PoolWorker) => {
    let worker = first;
    const ask = async (files: string[]): Promise<ShareReply> => {
      if (tables)
        return request(
          worker,
          { root: d.root, files, builtinTables: tables } satisfies ShareRequest,
          'a check worker',
        );
      const reply = request<ShareReply>(
        worker,
        { root: d.root, files } satisfies ShareRequest,
        'a check worker',
      );
      const asked = worker;
      void d.tables.then(
        (builtinTables) => asked.postMessage({ builtinTables } satisfies TablesMessage),
        () => {},
      );
      return reply;
    };
    for (let files = next(); files; files = next()) {
      try {
        replies.push(await ask(files));
      } catch (e) {
        const replacement = d.replace(worker, e as Error);
        if (!replacement) throw e;
        worker = replacement;
        replies.push(await ask(files));
      }
    }
  };
  await Promise.all(d.workers.map(serve));
  return replies;
}
