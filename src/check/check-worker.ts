/**
 * A worker thread of `CheckWorkers`: warms Kusto.Language up as soon as it starts, then waits for the
 * list of files to check, loads the project's tables, watchlists and parsers plus those items, runs
 * the item checks on them, and posts the diagnostics back by file.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { warmUpKusto } from '../kql/kusto.js';

const { root } = workerData as { root: string };
const work = new Promise<{ files: string[]; builtinTables: string[] }>((resolve) =>
  parentPort?.once('message', resolve),
);
warmUpKusto();
// Imported after the warm-up so that Kusto.Language's initialisation starts as early as it can.
const { resolveProject } = await import('../kql/project-world.js');
const { loadProject } = await import('../load/project.js');
const { runChecks } = await import('./check.js');
const { checks } = await import('./index.js');
const { files, builtinTables } = await work;
const wanted = new Set(files);
const project = await loadProject(root, { items: (p) => wanted.has(p) });
const targets = new Set(project.items.filter((i) => wanted.has(i.source.file.path)));
const itemChecks = checks.filter((c) => c.scope !== 'project');
const byFile: Record<string, Diagnostic[]> = {};
for (const item of targets) byFile[item.source.file.path] = [];
for (const d of runChecks(itemChecks, resolveProject(project, { builtinTables }), targets)) {
  byFile[d.file] ??= [];
  byFile[d.file].push(d);
}
parentPort?.postMessage(byFile);
