/**
 * One `kqlc check` run with its caches and workers: the run cache answers an unchanged project and
 * limits a run to the changed rules, hunting queries and workbooks; the item cache skips items whose
 * inputs did not change; workers analyse the rest. What the CLI prints is the same as a plain
 * `checkProject` of the whole project would give.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Project } from '../model/content.js';
import { CheckCache, itemKeys } from './cache.js';
import type { CheckOptions } from './check-project.js';
import { idFacts } from './id-facts.js';
import { CheckWorkers, MIN_ITEMS_PER_WORKER, workerLimit } from './parallel.js';
import {
  type Changes,
  contentFiles,
  contentFolders,
  RunCache,
  type RunResult,
  reuseLastRun,
} from './run-cache.js';

export interface CheckRunOptions {
  /** Where the caches live; undefined: no cache is read or written. */
  cacheDir?: string;
  /** Whether an unchanged project may be answered from the last run (not with --changed-since or --base). */
  reuseRuns?: boolean;
  /** Most worker threads (default: the machine's parallelism). */
  workers?: number;
  /** The run cache when the caller opened it already (see RunCache.fromLastRun). */
  runCache?: RunCache;
  /** Workers the caller may have started already (speculatively, before it knew what changed). */
  pool?: CheckWorkers;
  /** Check only the items these changed files affect (--changed-since). */
  changedFiles?: () => Promise<ReadonlySet<string>>;
  /** Told each phase as it ends ($KQLC_TIMINGS). */
  mark?: (phase: string) => void;
}

export interface CheckRunResult extends RunResult {
  /** The loaded project, when the run loaded one (a run answered from the last run did not). */
  project?: Project;
  /** The text of the loaded files, for code frames. */
  sources: Map<string, string>;
}

export async function checkRun(root: string, options: CheckRunOptions = {}): Promise<CheckRunResult> {
  const mark = options.mark ?? (() => {});
  const { cacheDir } = options;
  const useRunCache = cacheDir !== undefined && options.reuseRuns !== false && !options.changedFiles;
  let runCache = useRunCache ? (options.runCache ?? (await RunCache.fromLastRun(cacheDir, root))) : undefined;
  // kqlc.yaml is parsed (and ajv loaded) only when the run cache could not use the recorded folders.
  let content = runCache?.files;
  if (!content) {
    const { loadConfig } = await import('../load/config.js');
    const { config, diagnostics: configProblems } = await loadConfig(root);
    if (useRunCache && configProblems.length === 0) runCache = await RunCache.open(cacheDir, root, config);
    content = runCache?.files ?? (await contentFiles(root, contentFolders(config)));
  }
  const changes: Changes = runCache?.changes() ?? { kind: 'everything' };
  if (changes.kind === 'nothing') return { ...changes.result, sources: new Map() };

  const cache = cacheDir !== undefined ? CheckCache.open(cacheDir) : CheckCache.memory();
  const pool = options.pool ?? new CheckWorkers(root, workerLimit(options.workers));
  let project: Project;
  let diagnostics: Diagnostic[];
  let only: CheckOptions['only'];
  try {
    // A project big enough to share out gets its workers now. A cold run (nothing cached, the whole
    // project to check), or one where only some rules, hunting queries or workbooks changed, deals its
    // files out at once: the workers load their items while this thread loads the project, and wait
    // for it only for the built-in tables. Otherwise one worker starts loading while the files are read.
    // A worker from the snapshot starts faster than this thread loads Kusto.Language, so even a small
    // project gets one.
    const files = content.shared.length + content.items.length;
    if (files >= MIN_ITEMS_PER_WORKER || pool.kind === 'snapshot') {
      if (changes.kind === 'everything' && cache.stored === 0 && !options.changedFiles)
        pool.deal([...content.shared, ...content.items]);
      else if (changes.kind === 'items') pool.deal([...changes.changed]);
      else pool.start(1);
    }
    mark(`${changes.kind} changed; ${pool.size} ${pool.kind} workers started`);
    // Imported after the workers started: these modules take a few hundred milliseconds to load.
    const { loadProject } = await import('../load/project.js');
    const { affectedItems } = await import('./affected.js');
    const { checkProject } = await import('./check-project.js');
    project = await loadProject(
      root,
      changes.kind === 'items' ? { items: (p) => changes.changed.has(p) } : {},
    );
    mark('project loaded');
    if (options.changedFiles) {
      const affected = affectedItems(project, await options.changedFiles());
      if (!affected.everything) only = affected;
    }
    const keys = itemKeys(project);
    if (pool.size > 0) await pool.check(project, cache, { only: only?.items, keys });
    mark('workers done');
    diagnostics = checkProject(project, { only, cache, keys }).diagnostics;
  } finally {
    await pool.close();
  }
  mark('checked');
  cache.save({ keepUnused: changes.kind === 'items' || only !== undefined });

  let files = only
    ? [...new Set([...only.files, ...[...only.items].map((i) => i.source.file.path)])]
    : [...project.files.keys()];
  let ids = idFacts(project.items);
  if (changes.kind === 'items') {
    const merged = reuseLastRun(
      changes.last,
      diagnostics,
      { files: new Set(files), ids },
      changes.removed,
      project.config.checks,
    );
    ({ diagnostics, files, ids } = merged);
  }
  runCache?.save({ diagnostics, files }, ids);
  return { diagnostics, files, project, sources: new Map([...project.files].map(([p, f]) => [p, f.text])) };
}
