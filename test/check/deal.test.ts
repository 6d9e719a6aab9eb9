import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { ShareReply, ShareRequest, TablesMessage } from '../../src/check/check-share.js';
import { deal, MIN_CHUNK, nextChunkSize } from '../../src/check/deal.js';
import type { PoolWorker } from '../../src/threads/worker-pool.js';

/**
 * A worker in this thread that answers as check-share does: a request without tables waits for a
 * TablesMessage; the reply names each requested file with the tables it was checked with.
 */
class FakeWorker extends EventEmitter implements PoolWorker {
  readonly requests: ShareRequest[] = [];
  private pending?: ShareRequest;
  constructor(
    readonly name: string,
    private readonly failOn?: (request: ShareRequest) => boolean,
  ) {
    super();
  }
  postMessage(message: ShareRequest | TablesMessage): void {
    setImmediate(() => {
      if ('files' in message) {
        this.requests.push(message);
        if (this.failOn?.(message)) {
          this.emit('error', new Error(`${this.name} broke`));
          return;
        }
        if (message.builtinTables) this.reply(message, message.builtinTables);
        else this.pending = message;
      } else if (this.pending) {
        const request = this.pending;
        this.pending = undefined;
        this.reply(request, message.builtinTables);
      }
    });
  }
  private reply(request: ShareRequest, tables: string[]): void {
    const reply: ShareReply = {};
    for (const file of request.files)
      reply[file] = [{ file, message: `${this.name} ${tables.join(',')}` } as never];
    this.emit('message', reply);
  }
  async terminate(): Promise<void> {}
}

const files = (n: number) => Array.from({ length: n }, (_, i) => `analytics/rule_${i}.yaml`);
const merged = (replies: ShareReply[]) => Object.assign({}, ...replies) as ShareReply;

describe('dealing files to check workers', () => {
  it('gives chunks that shrink to the minimum and add up to the whole', () => {
    let remaining = 3050;
    const sizes: number[] = [];
    while (remaining > 0) {
      const size = nextChunkSize(remaining, 2);
      sizes.push(size);
      remaining -= size;
    }
    expect(sizes.reduce((a, b) => a + b)).toBe(3050);
    expect(sizes[0]).toBe(763);
    expect(sizes.every((s, i) => i === 0 || s <= sizes[i - 1])).toBe(true);
    expect(sizes.slice(0, -1).every((s) => s >= MIN_CHUNK)).toBe(true);
    expect(nextChunkSize(7, 2)).toBe(7);
  });

  it('deals every file once, and sends tables that were not known yet after the first request', async () => {
    const workers = [new FakeWorker('a'), new FakeWorker('b')];
    let provide: (t: string[]) => void = () => {};
    const tables = new Promise<string[]>((resolve) => {
      provide = resolve;
    });
    const done = deal({ root: '/p', files: files(500), workers, tables, replace: () => undefined });
    await new Promise((r) => setTimeout(r, 20));
    // Both have their first chunk, without tables, and wait.
    expect(workers.map((w) => w.requests.length)).toEqual([1, 1]);
    expect(workers.every((w) => w.requests[0].builtinTables === undefined)).toBe(true);
    provide(['SigninLogs']);
    const result = merged(await done);
    expect(Object.keys(result).sort()).toEqual(files(500).sort());
    expect(
      Object.values(result).every((d) => /SigninLogs$/.test((d[0] as { message: string }).message)),
    ).toBe(true);
    const dealt = workers.flatMap((w) => w.requests.flatMap((r) => r.files));
    expect(dealt.length).toBe(500);
    expect(workers.every((w) => w.requests.length > 1)).toBe(true);
    expect(workers.every((w) => w.requests.slice(1).every((r) => r.builtinTables))).toBe(true);
  });

  it('leaves no listeners on a worker that served many chunks', async () => {
    const worker = new FakeWorker('one');
    await deal({
      root: '/p',
      files: files(2000),
      workers: [worker],
      tables: Promise.resolve([]),
      replace: () => undefined,
    });
    expect(worker.requests.length).toBeGreaterThan(5);
    expect(['message', 'error', 'exit'].map((e) => worker.listenerCount(e))).toEqual([0, 0, 0]);
  });

  it('puts a replacement in place of a failed worker, and fails when there is none', async () => {
    const broken = new FakeWorker('broken', () => true);
    const spare = new FakeWorker('spare');
    const replaced: string[] = [];
    const result = merged(
      await deal({
        root: '/p',
        files: files(120),
        workers: [broken, new FakeWorker('ok')],
        tables: Promise.resolve(['T']),
        replace: (w, e) => {
          replaced.push(`${(w as FakeWorker).name}: ${e.message}`);
          return spare;
        },
      }),
    );
    expect(Object.keys(result)).toHaveLength(120);
    expect(replaced).toEqual(['broken: a check worker failed: broken broke']);
    expect(spare.requests.length).toBeGreaterThan(0);

    await expect(
      deal({
        root: '/p',
        files: files(10),
        workers: [new FakeWorker('broken', () => true)],
        tables: Promise.resolve([]),
        replace: () => undefined,
      }),
    ).rejects.toThrow('a check worker failed: broken broke');
  });
});
