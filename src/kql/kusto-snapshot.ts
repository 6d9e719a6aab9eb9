/**
 * A V8 startup snapshot of Kusto.Language, loaded and warmed up: a process started from it
 * (`node --snapshot-blob <blob> <script>`) has a working Kusto.Language after about 0.7 s, where
 * loading the scripts and the one-time initialisation of the first analysis cost about 2 s of CPU.
 * `npm run build` writes the snapshot beside the compiled code (dist/kusto-snapshot/), one per Node.js
 * version, platform and architecture, since a blob only works in the Node.js binary that built it.
 * Check workers start from it when it is there; otherwise they are worker threads that load
 * Kusto.Language themselves.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * The snapshot that check workers may start from, or undefined: when kqlc runs from its TypeScript
 * sources (a process from the snapshot can only load compiled JavaScript), when $KQLC_SNAPSHOT is `0`,
 * or when no snapshot was built for this Node.js.
 */
export function availableSnapshot(): string | undefined {
  if (process.env.KQLC_SNAPSHOT === '0' || import.meta.url.endsWith('.ts')) return undefined;
  const blob = path.join(snapshotFolder(), snapshotName());
  return existsSync(blob) ? blob : undefined;
}

/**
 * The snapshot's entry script: it runs Kusto.Language's two scripts in the global scope (as a
 * `require` of them would), analyses the warm-up query, and names the function a process from the
 * snapshot runs: it loads the script named on its command line (an ES module without top-level await,
 * through require). The scripts are read when the snapshot is built; the blob holds their state.
 */
function entryScript(): string {
  const require = createRequire(import.meta.url);
  const scripts = ['bridge.min.js', 'Kusto.Language.Bridge.min.js'].map((f) =>
    require.resolve(`@kusto/language-service-next/${f}`),
  );
  return `'use strict';
const { readFileSync } = require('node:fs');
for (const file of ${JSON.stringify(scripts)}) (0, eval)(readFileSync(file, 'utf8'));
const K = globalThis.Kusto.Language;
K.KustoCode.ParseAndAnalyze(${JSON.stringify(WARM_UP_QUERY)}, K.GlobalState.Default);
require('node:v8').startupSnapshot.setDeserializeMainFunction(() => {
  const script = require('node:path').resolve(process.argv[1]);
  require('node:module').createRequire(script)(script);
});
`;
}

/**
 * Builds the snapshot for the running Node.js into `folder` (default: beside the compiled code) and
 * returns its path. The blob is written under a temporary name and renamed, so a reader never sees
 * half of one. Throws with Node.js's own message when it cannot be built.
 */
export function buildKustoSnapshot(folder = snapshotFolder()): string {
  mkdirSync(folder, { recursive: true });
  const work = mkdtempSync(path.join(tmpdir(), 'kqlc-snapshot-'));
  try {
    const entry = path.join(work, 'entry.cjs');
    writeFileSync(entry, entryScript());
    const partial = path.join(folder, `.${snapshotName()}.${process.pid}.partial`);
    try {
      execFileSync(process.execPath, ['--snapshot-blob', partial, '--build-snapshot', entry], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      const blob = path.join(folder, snapshotName());
      renameSync(partial, blob);
      return blob;
    } finally {
      rmSync(partial, { force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
