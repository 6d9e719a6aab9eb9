/**
 * What the pool needs of a worker: a worker thread has it, and so has a child process behind
 * `SnapshotChild` (src/threads/snapshot-child.ts).
 */
export interface PoolWorker {
  postMessage(message: unknown): void;
  /** 'message' (the reply), 'error' (an Error) or 'exit' (the exit code or signal). */
  // biome-ignore lint/suspicious/noExplicitAny: the listener signature of EventEmitter.once, which Worker declares
  once(event: string, listener: (...args: any[]) => void): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: as for once
  off(event: string, listener: (...args: any[]) => void): unknown;
  terminate(): Promise<unknown>;
}

/**
 * Worker threads started ahead of their work (so that they load Kusto.Language while the main thread
 * reads the project), up to a limit; workers never given work are stopped unused by `close`.
 */
export class WorkerPool<W extends PoolWorker = PoolWorker> {
  private readonly started: W[] = [];

  constructor(
    /** The most workers it starts. */
    readonly limit: number,
    private readonly spawn: () => W,
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
  take(count: number): W[] {
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
export function request<T>(worker: PoolWorker, message: unknown, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    // Each listener goes when the request settles: a worker serves many requests, and listeners left
    // behind would pile up (Node.js warns past ten) and swallow a later failure.
    const settle = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: T) => {
      settle();
      resolve(reply);
    };
    const onError = (e: Error) => {
      settle();
      reject(new Error(`${what} failed: ${e?.message ?? String(e)}`));
    };
    const onExit = (code: number | string) => {
      settle();
      reject(new Error(`${what} stopped (exit code ${code}) before it returned its results`));
    };
    // A worker thread that has exited drops what is posted to it, and its 'exit' has been and gone.
    if ((worker as { threadId?: number }).threadId === -1) {
      reject(new Error(`${what} had stopped before it was given work`));
      return;
    }
    worker.once('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.postMessage(message);
  });
}
