import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { request } from '../../src/threads/worker-pool.js';

const echo = `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (m) => (m === 'crash' ? process.exit(7) : parentPort.postMessage(m + '!')));`;

describe('request', () => {
  it('gets one reply per request and leaves no listeners behind', async () => {
    const worker = new Worker(echo, { eval: true });
    try {
      for (let i = 0; i < 12; i++) expect(await request(worker, `m${i}`, 'the worker')).toBe(`m${i}!`);
      expect(['message', 'error', 'exit'].map((e) => worker.listenerCount(e))).toEqual([0, 0, 0]);
    } finally {
      await worker.terminate();
    }
  });

  it('rejects when the worker exits before it replies, and when it had exited already', async () => {
    const worker = new Worker(echo, { eval: true });
    await expect(request(worker, 'crash', 'the worker')).rejects.toThrow(
      'the worker stopped (exit code 7) before it returned its results',
    );
    if (worker.threadId !== -1) await once(worker, 'exit');
    await expect(request(worker, 'hello', 'the worker')).rejects.toThrow(
      'the worker had stopped before it was given work',
    );
  });
});
