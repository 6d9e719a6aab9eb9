/**
 * Builds the Kusto.Language startup snapshot that check workers start from (see
 * src/kql/kusto-snapshot.ts) into dist/kusto-snapshot/, for the Node.js running this script. Part of
 * `npm run build`. When this Node.js cannot build one, it says so and exits 0: the workers then load
 * Kusto.Language themselves, as worker threads.
 * Usage: tsx scripts/build-kusto-snapshot.ts [folder]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKustoSnapshot } from '../src/kql/kusto-snapshot.js';

const folder = process.argv[2] ?? fileURLToPath(new URL('../dist/kusto-snapshot/', import.meta.url));
const started = performance.now();
try {
  const blob = buildKustoSnapshot(path.resolve(folder));
  console.log(
    `Kusto.Language snapshot: ${path.relative(process.cwd(), blob)} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
} catch (e) {
  const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
  console.warn(
    `No Kusto.Language snapshot for Node.js ${process.version}; check workers will load Kusto.Language themselves.\n${stderr || (e as Error).message}`,
  );
}
