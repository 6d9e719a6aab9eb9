/**
 * Publishes 500 analytic rules to the fake ARM server with 50 ms latency per request, through the real SDK
 * client, then publishes again (must make zero writes). Prints wall time, request count and the floor
 * (requests × latency ÷ concurrency). Run: npx tsx bench/publish/publish.bench.ts [concurrency]
 * Only 127.0.0.1 is contacted; the credential is the fake server's.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadProject } from '../../src/load/project.js';
import { applyPublish } from '../../src/publish/index.js';
import { FakeArmServer } from '../../test/publish/fake-arm-server.js';
import { ENV, ruleYaml, testClient } from '../../test/publish/helpers.js';

const ITEMS = 500;
const LATENCY_MS = 50;
const concurrency = Number(process.argv[2] ?? 16);

const server = await FakeArmServer.start({ latencyMs: LATENCY_MS, pageSize: 100, validate: false });
const root = await mkdtemp(path.join(tmpdir(), 'kqlc-bench-'));
try {
  await writeFile(
    path.join(root, 'kqlc.yaml'),
    `environments:\n  bench:\n${Object.entries({ ...ENV, armEndpoint: server.url })
      .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
      .join('\n')}\n`,
  );
  await mkdir(path.join(root, 'analytics'));
  for (let i = 0; i < ITEMS; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    await writeFile(path.join(root, 'analytics', `rule_${i}.yaml`), ruleYaml(id, `Bench rule ${i}`));
  }
  const project = await loadProject(root);
  const client = testClient(server);

  for (const run of ['first (creates)', 'second (unchanged)']) {
    const from = server.requests.length;
    const start = performance.now();
    const report = await applyPublish(project, 'bench', { client, concurrency });
    const wall = performance.now() - start;
    const requests = server.requests.slice(from);
    const writes = requests.filter((r) => r.method === 'PUT' || r.method === 'DELETE').length;
    const floor = (requests.length * LATENCY_MS) / concurrency;
    // LIST pages follow nextLink one after another, so they cannot overlap; different lists run side by side.
    const pagesByList = new Map<string, number>();
    for (const r of requests.filter((q) => q.method === 'GET')) {
      pagesByList.set(r.path, (pagesByList.get(r.path) ?? 0) + 1);
    }
    const pages = [...pagesByList.values()].reduce((a, b) => a + b, 0);
    const longestList = Math.max(0, ...pagesByList.values());
    const sequentialFloor = longestList * LATENCY_MS + ((requests.length - pages) * LATENCY_MS) / concurrency;
    const statuses = report.results.reduce<Record<string, number>>((acc, r) => {
      acc[r.status] = (acc[r.status] ?? 0) + 1;
      return acc;
    }, {});
    console.log(
      `${run}: ${ITEMS} items, concurrency ${concurrency}, latency ${LATENCY_MS} ms: ` +
        `wall ${wall.toFixed(0)} ms, ${requests.length} requests (${writes} writes), ` +
        `floor ${floor.toFixed(0)} ms, wall/floor ${(wall / floor).toFixed(2)}, ` +
        `floor with sequential list paging ${sequentialFloor.toFixed(0)} ms, ratio ${(wall / sequentialFloor).toFixed(2)}; ` +
        `${JSON.stringify(statuses)}; ok=${report.ok}`,
    );
    if (run.startsWith('second') && writes !== 0) {
      console.error('FAIL: the second publish wrote');
      process.exitCode = 1;
    }
  }
} finally {
  await server.close();
  await rm(root, { recursive: true, force: true });
}
