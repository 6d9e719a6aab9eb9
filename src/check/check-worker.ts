/**
 * A worker thread of `checkInWorkers`: loads the project's tables, watchlists and parsers plus the
 * items it was given, runs the item checks on them, and posts the diagnostics back by file.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { resolveProject } from '../kql/project-world.js';
import { loadProject } from '../load/project.js';
import { runChecks } from './check.js';
import { checks } from './index.js';

const { root, files } = workerData as { root: string; files: string[] };
const wanted = new Set(files);
const project = await loadProject(root, { items: (p) => wanted.has(p) });
const targets = new Set(project.items.filter((i) => wanted.has(i.source.file.path)));
const itemChecks = checks.filter((c) => c.scope !== 'project');
const byFile: Record<string, Diagnostic[]> = {};
for (const item of targets) byFile[item.source.file.path] = [];
for (const d of runChecks(itemChecks, resolveProject(project), targets)) {
  byFile[d.file] ??= [];
  byFile[d.file].push(d);
}
parentPort?.postMessage(byFile);
