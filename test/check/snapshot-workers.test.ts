import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProject } from '../../bench/check/generate.js';
import { buildKustoSnapshot, snapshotName } from '../../src/kql/kusto-snapshot.js';
import { SnapshotChild } from '../../src/threads/snapshot-child.js';
import { request } from '../../src/threads/worker-pool.js';
import { tempProject } from '../helpers/temp-project.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

describe('the Kusto.Language snapshot', () => {
  // Made in beforeAll, not when the file is collected: a filtered run skips the hooks of a skipped suite.
  let folder: string;
  let blob: string;
  beforeAll(() => {
    folder = mkdtempSync(path.join(repo, 'node_modules', '.kqlc-test-snapshot-'));
    blob = buildKustoSnapshot({ folder });
  }, 60_000);
  afterAll(() => folder && rmSync(folder, { recursive: true, force: true }));

  /** A child module (plain JavaScript: what a process from the snapshot can load). */
  const script = (name: string, text: string) => {
    const file = path.join(folder, name);
    writeFileSync(file, text);
    return new URL(`file://${file}`);
  };

  it('starts processes with Kusto.Language loaded and warmed up, talking over IPC', async () => {
    const child = new SnapshotChild(
      script(
        'analyse.mjs',
        `process.on('message', (query) => {
  const K = globalThis.Kusto?.Language;
  const started = performance.now();
  const code = K.KustoCode.ParseAndAnalyze(query, K.GlobalState.Default);
  process.send({ errors: code.GetDiagnostics().Count, ms: performance.now() - started, pid: process.pid });
});`,
      ),
      blob,
    );
    try {
      const good = await request<{ errors: number; ms: number; pid: number }>(
        child,
        'print x = 1 | extend y = strlen("a") | summarize count() by y',
        'the child',
      );
      expect(good.errors).toBe(0);
      expect(good.pid).not.toBe(process.pid);
      const bad = await request<{ errors: number }>(child, 'print x = 1 | where nope > 1', 'the child');
      expect(bad.errors).toBeGreaterThan(0);
    } finally {
      await child.terminate();
    }
    expect(path.basename(blob)).toBe(snapshotName());
  });

  it('reports a child that exits early, with the end of its standard error', async () => {
    const child = new SnapshotChild(
      script('dies.mjs', `process.stderr.write('cannot go on: no such thing\\n'); process.exit(3);`),
      blob,
    );
    await expect(request(child, 'hello', 'the child')).rejects.toThrow(
      /the child failed: it exited \(code 3\); its standard error ends: cannot go on: no such thing/,
    );
    await child.terminate();
  });

  it('reports a child that exited before it was given work', async () => {
    const child = new SnapshotChild(script('quits.mjs', 'process.exit(0);'), blob);
    await new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await expect(request(child, 'hello', 'the child')).rejects.toThrow(
      'the child failed: it had exited (code 0) before it was given work',
    );
  });
});

/**
 * `kqlc check` compiled (a process from the snapshot loads only JavaScript) into a folder beside
 * node_modules, with a snapshot of its own, on a project large enough for two workers.
 */
describe('kqlc check with snapshot workers', () => {
  let dist: string;
  let blob: string;
  afterAll(() => dist && rmSync(dist, { recursive: true, force: true }));
  beforeAll(() => {
    dist = mkdtempSync(path.join(repo, 'node_modules', '.kqlc-test-dist-'));
    execFileSync(
      process.execPath,
      [path.join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', dist],
      {
        cwd: repo,
      },
    );
    // As npm run build does it: the snapshot holds the checker, bundled, and records the compiled code.
    execFileSync(
      process.execPath,
      [path.join(repo, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build-kusto-snapshot.ts', dist],
      {
        cwd: repo,
      },
    );
    blob = path.join(dist, 'kusto-snapshot', snapshotName());
    writeFileSync(
      path.join(dist, 'kqlc.mjs'),
      "import { runCli } from './cli/main.js';\nprocess.exitCode = await runCli(process.argv.slice(2));\n",
    );
  }, 120_000);

  const check = async (root: string, env: Record<string, string> = {}) => {
    const r = await run(
      process.execPath,
      [path.join(dist, 'kqlc.mjs'), 'check', root, '--format', 'json', '--workers', '2', '--no-cache'],
      { env: { ...process.env, KQLC_TIMINGS: '1', ...env }, maxBuffer: 1 << 26 },
    ).catch((e: { stdout: string; stderr: string; code: number }) => e);
    return { stdout: r.stdout, stderr: r.stderr };
  };

  /** A synthetic project with one mistake; by default 310 files: two workers' worth. */
  const project = (items = 300, parsers = 10) => {
    const root = tempProject({});
    generateProject(root, items, parsers);
    const file = path.join(root, 'analytics/bench_4.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('| where', '| where NoSuchColumn == 1 and'));
    return root;
  };

  it('finds what worker threads find', { timeout: 180_000 }, async () => {
    const root = project();
    const snapshot = await check(root);
    expect(snapshot.stderr).toMatch(/2 snapshot workers started/);
    const threads = await check(root, { KQLC_SNAPSHOT: '0' });
    expect(threads.stderr).toMatch(/2 thread workers started/);
    expect(snapshot.stdout).toContain('NoSuchColumn');
    expect(snapshot.stdout).toEqual(threads.stdout);
    expect(JSON.parse(readFileSync(`${blob}.json`, 'utf8'))).toMatchObject({
      node: process.version,
      checker: true,
    });
  });

  it('gives even a small project one worker, which finds what this thread finds', {
    timeout: 120_000,
  }, async () => {
    const root = project(12, 5);
    const snapshot = await check(root);
    expect(snapshot.stderr).toMatch(/1 snapshot workers started/);
    const alone = await check(root, { KQLC_SNAPSHOT: '0' });
    expect(alone.stderr).toMatch(/0 thread workers started/);
    expect(snapshot.stdout).toContain('NoSuchColumn');
    expect(snapshot.stdout).toEqual(alone.stdout);
  });

  it('is not used when it was built from other code', { timeout: 180_000 }, async () => {
    const root = project();
    const record = readFileSync(`${blob}.json`, 'utf8');
    try {
      const stale = JSON.parse(record);
      stale.built.code = 'another build';
      writeFileSync(`${blob}.json`, JSON.stringify(stale));
      const run = await check(root);
      expect(run.stderr).toMatch(/2 thread workers started/);
      expect(run.stdout).toContain('NoSuchColumn');
    } finally {
      writeFileSync(`${blob}.json`, record);
    }
  });

  it('checks a failed snapshot worker’s files in a worker thread, and says so', {
    timeout: 180_000,
  }, async () => {
    const root = project();
    const expected = (await check(root, { KQLC_SNAPSHOT: '0' })).stdout;
    truncateSync(blob, 1_000_000); // a damaged blob: processes from it crash
    const damaged = await check(root);
    expect(damaged.stderr).toMatch(/snapshot failed .*checking its files in a worker thread instead/);
    expect(damaged.stdout).toEqual(expected);
  });
});
