/**
 * A V8 startup snapshot of Kusto.Language, loaded and warmed up: a process started from it
 * (`node --snapshot-blob <blob> <script>`) has a working Kusto.Language after about 0.7 s, where
 * loading the scripts and the one-time initialisation of the first analysis cost about 2 s of CPU.
 * `npm run build` writes the snapshot beside the compiled code (dist/kusto-snapshot/), one per Node.js
 * version, platform and architecture, since a blob only works in the Node.js binary that built it.
 * The build may put a checker in it too (a CommonJS bundle, warmed up like Kusto.Language): then a
 * check worker does not even load its modules. A JSON file beside the blob records what it was built
 * from; a snapshot whose record does not match the code and Kusto.Language in use is not used. Check
 * workers start from it when it is there; otherwise they are worker threads that load Kusto.Language
 * themselves.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WARM_UP_QUERY } from './kusto.js';

/** The blob's file name for the running Node.js. */
export function snapshotName(): string {
  return `${process.version}-${process.platform}-${process.arch}.blob`;
}

/** The folder of the snapshots beside the compiled code (dist/kusto-snapshot). */
export function snapshotFolder(): string {
  return fileURLToPath(new URL('../kusto-snapshot/', import.meta.url));
}

/** What a snapshot was built from, recorded beside it; the caller's part (`built`) names its code. */
export interface SnapshotRecord {
  node: string;
  kusto: string;
  built: Record<string, string>;
  /** Whether the snapshot holds a checker (see `buildKustoSnapshot`). */
  checker: boolean;
}

function kustoVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('@kusto/language-service-next/package.json') as { version: string }).version;
}

/**
 * The snapshot that check workers may start from, with its record, or undefined: when kqlc runs from
 * its TypeScript sources (a process from the snapshot can only load compiled JavaScript), when
 * $KQLC_SNAPSHOT is `0`, when no snapshot was built for this Node.js, or when it was built from other
 * code than `built` names or another Kusto.Language.
 */
export function availableSnapshot(
  built: Record<string, string>,
  folder = snapshotFolder(),
): { blob: string; record: SnapshotRecord } | undefined {
  if (process.env.KQLC_SNAPSHOT === '0' || import.meta.url.endsWith('.ts')) return undefined;
  const blob = path.join(folder, snapshotName());
  let record: SnapshotRecord;
  try {
    record = JSON.parse(readFileSync(`${blob}.json`, 'utf8')) as SnapshotRecord;
  } catch {
    return undefined;
  }
  const matches =
    record.node === process.version &&
    record.kusto === kustoVersion() &&
    Object.entries(built).every(([k, v]) => record.built?.[k] === v);
  return matches ? { blob, record } : undefined;
}

/** The argument that asks a process from the snapshot to serve checks with the checker it holds. */
export const SERVE_CHECKS = '--kqlc-serve-checks';

/**
 * The snapshot's entry script: it runs Kusto.Language's two scripts in the global scope (as a
 * `require` of them would) and analyses the warm-up query; with a checker, it evaluates the bundle and
 * awaits its `warmUp()`. It then names the function a process from the snapshot runs: with
 * SERVE_CHECKS after the script and a checker in the snapshot, the checker's `serveChecks(ipcPort())`;
 * otherwise it loads the script named on its command line (an ES module without top-level await,
 * through require). The scripts are read when the snapshot is built; the blob holds their state.
 */
function entryScript(checker: string | undefined): string {
  const require = createRequire(import.meta.url);
  const scripts = ['bridge.min.js', 'Kusto.Language.Bridge.min.js'].map((f) =>
    require.resolve(`@kusto/language-service-next/${f}`),
  );
  return `'use strict';
const { readFileSync } = require('node:fs');
for (const file of ${JSON.stringify(scripts)}) (0, eval)(readFileSync(file, 'utf8'));
const K = globalThis.Kusto.Language;
K.KustoCode.ParseAndAnalyze(${JSON.stringify(WARM_UP_QUERY)}, K.GlobalState.Default);
let checker;
${
  checker === undefined
    ? ''
    : `checker = (() => {
  const module = { exports: {} };
  ((module, exports) => {
${checker}
  })(module, module.exports);
  return module.exports;
})();`
}
const main = () => {
  require('node:v8').startupSnapshot.setDeserializeMainFunction(() => {
    if (checker && process.argv[2] === ${JSON.stringify(SERVE_CHECKS)}) return checker.serveChecks(checker.ipcPort());
    const script = require('node:path').resolve(process.argv[1]);
    require('node:module').createRequire(script)(script);
  });
};
if (checker?.warmUp) checker.warmUp().then(main, (e) => { console.error(e); process.exit(1); });
else main();
`;
}

/**
 * Builds the snapshot for the running Node.js into `folder` (default: beside the compiled code) and
 * returns its path. `checker` is a CommonJS bundle of src/check/snapshot-checker.ts to hold in it (with a
 * `warmUp` export); `built` names the code it was built from, for `availableSnapshot`. The blob is
 * written under a temporary name and renamed, and its record written after it, so a reader never
 * uses half of one. Throws with Node.js's own message when it cannot be built.
 */
export function buildKustoSnapshot(
  options: { folder?: string; checker?: string; built?: Record<string, string> } = {},
): string {
  const folder = options.folder ?? snapshotFolder();
  mkdirSync(folder, { recursive: true });
  const work = mkdtempSync(path.join(tmpdir(), 'kqlc-snapshot-'));
  const blob = path.join(folder, snapshotName());
  try {
    const entry = path.join(work, 'entry.cjs');
    writeFileSync(entry, entryScript(options.checker));
    const partial = path.join(folder, `.${snapshotName()}.${process.pid}.partial`);
    rmSync(`${blob}.json`, { force: true });
    try {
      execFileSync(process.execPath, ['--snapshot-blob', partial, '--build-snapshot', entry], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      renameSync(partial, blob);
    } finally {
      rmSync(partial, { force: true });
    }
    const record: SnapshotRecord = {
      node: process.version,
      kusto: kustoVersion(),
      built: options.built ?? {},
      checker: options.checker !== undefined,
    };
    writeFileSync(`${blob}.json`, `${JSON.stringify(record, null, 2)}\n`);
    return blob;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
