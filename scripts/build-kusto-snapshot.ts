/**
 * Builds the Kusto.Language startup snapshot that check workers start from (see
 * src/kql/kusto-snapshot.ts) into dist/kusto-snapshot/, for the Node.js running this script, with the
 * checker (src/check/snapshot-checker.ts) bundled into it by esbuild: the snapshot can hold only one
 * script, not a graph of ES modules. Part of `npm run build`, after tsc: the snapshot records the
 * fingerprint of the compiled code, and kqlc uses it only while that code is unchanged. When this
 * Node.js cannot build one, it says so and exits 0: the workers then load Kusto.Language themselves,
 * as worker threads.
 * Usage: tsx scripts/build-kusto-snapshot.ts [dist folder]
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { codeFingerprint } from '../src/check/cache.js';
import { buildKustoSnapshot } from '../src/kql/kusto-snapshot.js';

/** Where the bundle says it is: a place with no node_modules. */
const CHECKER_URL = 'file:///kqlc-snapshot/snapshot-checker.js';
const dist = path.resolve(process.argv[2] ?? fileURLToPath(new URL('../dist/', import.meta.url)));
const started = performance.now();
try {
  const bundle = buildSync({
    entryPoints: [fileURLToPath(new URL('../src/check/snapshot-checker.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'error',
    // Kusto.Language is in the snapshot already; kusto.ts finds it there and never requires it.
    external: ['@kusto/language-service-next'],
    // A CommonJS bundle has no import.meta. Nothing in it may load a module from node_modules while
    // the snapshot is built (Node.js refuses such a snapshot), so the one module that resolves from its
    // own URL (fdir, under tinyglobby, looking for an optional picomatch) gets a URL it finds nothing at.
    define: {
      'import.meta.url': JSON.stringify(CHECKER_URL),
    },
  });
  const blob = buildKustoSnapshot({
    folder: path.join(dist, 'kusto-snapshot'),
    checker: bundle.outputFiles[0].text,
    built: { code: codeFingerprint(dist) },
  });
  console.log(
    `Kusto.Language snapshot: ${path.relative(process.cwd(), blob)} (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
} catch (e) {
  const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
  console.warn(
    `No Kusto.Language snapshot for Node.js ${process.version}; check workers will load Kusto.Language themselves.\n${stderr || (e as Error).message}`,
  );
}
