import type { Worker } from 'node:worker_threads';

/**
 * Worker threads started ahead of their work (so that they load Kusto.Language while the main thread
 * reads the project), up to a limit; workers never given work are stopped unused by `close`.
 */
export class WorkerPool {
  private readonly started: Worker[] = [];

  constructor(
    /** The most workers it starts. */
    readonly limit: number,
    private readonly spawn: () => Worker,
  ) {}

  /** Starts workers until `count` run (never more than the limit). */
  start(count: number): this {
    while (this.started.length < Math.min(count, this.limit)) this.started.push(this.spawn());
    return this;
  }

  get size(): number {
    return this.started.length;
  }

  /** The first `count` workers (at most the limit), starting those not yet running. */
  take(count: number): Worker[] {
    return this.start(count).started.slice(0, count);
  }

  /** Stops every started worker. */
  async close(): Promise<void> {
    await Promise.all(this.started.splice(0).map((w) => w.terminate()));
  }
}

/**
 * Posts `message` to `worker` and resolves with its one reply; an error in the worker, or its exit
 * before it replied, rejects with an error that names `what` ("a check worker").
 */
export function request<T>(worker: Worker, message: unknown, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once('message', (reply: T) => resolve(reply));
    worker.once('error', (e) => reject(new Error(`${what} failed: ${e?.message ?? String(e)}`)));
    worker.once('exit', (code) =>
      reject(new Error(`${what} stopped (exit code ${code}) before it returned its results`)),
    );
    worker.postMessage(message);
  });
}
