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
