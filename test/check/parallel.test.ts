import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateProject } from '../../bench/check/generate.js';
import { CheckCache } from '../../src/check/cache.js';
import { checkProject } from '../../src/check/check-project.js';
import { checkInWorkers } from '../../src/check/parallel.js';
import { loadProject } from '../../src/load/project.js';
import { tempProject } from '../helpers/temp-project.js';

describe('checking in worker threads', () => {
  it('finds exactly what one thread finds', { timeout: 180_000 }, async () => {
    const root = tempProject({});
    generateProject(root, 12, 5);
    // Plant mistakes in a few items so there is something to find.
    appendFileSync(path.join(root, 'analytics/bench_0.yaml'), 'severity: Urgent\n');
    for (const f of ['analytics/bench_2.yaml', 'hunting/bench_7.yaml']) {
      const file = path.join(root, f);
      writeFileSync(file, readFileSync(file, 'utf8').replace('| where', '| where NoSuchColumn == 1 and'));
    }
    const project = await loadProject(root);
    const one = checkProject(project).diagnostics;

    const store = CheckCache.memory();
    const used = await checkInWorkers(project, store, { workers: 2, minItemsPerWorker: 5 });
    expect(used).toBe(2);
    const parallel = checkProject(project, { cache: store });
    expect(store.misses).toBe(0); // the workers checked the parsers too: nothing was left to this thread
    expect(parallel.diagnostics).toEqual(one);
    expect(one.length).toBeGreaterThan(0);
  });

  it('does not start workers for a small job', async () => {
    const root = tempProject({});
    generateProject(root, 10, 5);
    expect(await checkInWorkers(await loadProject(root), CheckCache.memory(), { workers: 2 })).toBe(0);
  });
});

describe('kqlc check with workers and the run cache', () => {
  it('gives what a plain run gives, cold, after one change and unchanged', { timeout: 300_000 }, async () => {
    const { cli } = await import('../helpers/cli.js');
    const root = tempProject({});
    generateProject(root, 100, 50); // 150 files: enough for workers to start
    const file = path.join(root, 'analytics/bench_2.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('| where', '| where NoSuchColumn == 1 and'));
    const run = async (...extra: string[]) => {
      const r = await cli(['check', root, '--format', 'json', '--workers', '2', ...extra]);
      expect(r.stderr).toBe('');
      return r;
    };
    const cold = await run();
    expect(cold.code).toBe(1);
    expect(cold).toEqual(await run('--no-cache'));
    // One rule changes: a worker is started before the files are hashed and checks it.
    const hunting = path.join(root, 'hunting/bench_7.yaml');
    writeFileSync(hunting, readFileSync(hunting, 'utf8').replace('| where', '| where Missing == 1 and'));
    const changed = await run();
    expect(changed).toEqual(await run('--no-cache'));
    expect(changed.stdout).not.toEqual(cold.stdout);
    // Nothing changes: the speculative worker is stopped and the last result is the answer.
    expect(await run()).toEqual(changed);
  });
});
