import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ProjectConfig } from '../config/config.js';
import { codes } from '../diagnostics/codes.js';
import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { discoverFiles, isTestsFile } from '../load/discover.js';
import { codeFingerprint } from './cache.js';
import { applyCheckConfig } from './check-config.js';
import { duplicateIds, type IdFact, inLoadOrder } from './id-facts.js';

const FORMAT = 2;
const STATE_FILE = 'check-run.json';
/** kqlc.yaml (load/config.ts reads it; named here so that a cached run need not import the loader). */
const CONFIG_FILE = 'kqlc.yaml';
const ALL_EXTENSIONS = ['yaml', 'yml', 'json', 'csv', 'kql', 'txt'];

export interface RunResult {
  diagnostics: Diagnostic[];
  /** The files the run checked (project-relative), for the summary and JUnit reports. */
  files: string[];
}

/** What the last run left for the next: its result, each file's hash, and each item's id. */
export interface RunState {
  format: number;
  /** Hash of kqlc's code and kqlc.yaml: when either changed, nothing of the last run is reused. */
  setup: string;
  /** kqlc.yaml's content folders, so that an unchanged kqlc.yaml need not be parsed again. */
  folders: ContentFolders;
  hashes: Record<string, string>;
  /** Which of those files were item files (see ContentFiles). */
  items: string[];
  result: RunResult;
  ids: IdFact[];
}

/** The content files under the configured folders, split by whether other items depend on them. */
export interface ContentFiles {
  /** Tables, watchlists and parsers: other items are checked against them. */
  shared: string[];
  /** Hunting queries, analytic rules and workbooks (and their tests files): nothing depends on them. */
  items: string[];
}

/** The configured content folders (and globs), split as ContentFiles are. */
export interface ContentFolders {
  shared: string[];
  items: string[];
}

export function contentFolders(config: ProjectConfig): ContentFolders {
  const p = config.paths;
  return {
    shared: [...p.tables, ...p.watchlists, ...p.parsers],
    items: [...p.hunting, ...p.analytics, ...p.workbooks],
  };
}

/** Every file under the configured content folders (project-relative, sorted). */
export async function contentFiles(root: string, folders: ContentFolders): Promise<ContentFiles> {
  const shared = await discoverFiles(root, folders.shared, ALL_EXTENSIONS);
  const sharedSet = new Set(shared);
  const items = (await discoverFiles(root, folders.items, ALL_EXTENSIONS)).filter((f) => !sharedSet.has(f));
  return { shared, items };
}

/** How this run's files differ from the last run's. */
export type Changes =
  /** No last run to compare with, or kqlc, kqlc.yaml, a table, watchlist or parser changed. */
  | { kind: 'everything' }
  | { kind: 'nothing'; result: RunResult }
  /** Only hunting queries, rules or workbooks changed: re-check those, reuse the rest. */
  | { kind: 'items'; changed: Set<string>; removed: Set<string>; last: RunState };

/**
 * The run cache: what the last full run of `kqlc check` found, with the hash of every content file it
 * read. When nothing changed, its result is the answer without parsing a single YAML file; when only
 * some hunting queries, rules or workbooks changed, only those are loaded and checked and the other
 * files' diagnostics are reused (ids are re-compared across all items, from the recorded ids).
 */
export class RunCache {
  private constructor(
    private readonly file: string,
    private readonly setup: string,
    private readonly folders: ContentFolders,
    readonly files: ContentFiles,
    private readonly hashes: Record<string, string>,
  ) {}

  /** The run cache for a project whose kqlc.yaml has been loaded as `config`. */
  static open(dir: string, root: string, config: ProjectConfig): Promise<RunCache> {
    return RunCache.create(dir, root, setupHash(root, config.file), contentFolders(config));
  }

  /**
   * The run cache when kqlc.yaml and kqlc are as they were in the last run, without parsing kqlc.yaml
   * (the folders are the recorded ones); undefined otherwise.
   */
  static async fromLastRun(
    dir: string,
    root: string,
    /** Told how many files the last run read, before this run's files are hashed. */
    lastRunSize?: (files: number) => void,
  ): Promise<RunCache | undefined> {
    const setup = setupHash(root, existsSync(path.join(root, CONFIG_FILE)) ? CONFIG_FILE : undefined);
    const last = readState(path.join(dir, STATE_FILE), setup);
    if (!last) return undefined;
    lastRunSize?.(Object.keys(last.hashes).length);
    const cache = await RunCache.create(dir, root, setup, last.folders);
    cache.last = last;
    return cache;
  }

  private static async create(
    dir: string,
    root: string,
    setup: string,
    folders: ContentFolders,
  ): Promise<RunCache> {
    const files = await contentFiles(root, folders);
    // Synchronous reads: for thousands of small files they take a fraction of fs/promises' time.
    const hashes: Record<string, string> = {};
    for (const f of [...files.shared, ...files.items]) {
      const bytes = readBytes(path.join(root, f));
      hashes[f] = bytes ? createHash('sha256').update(bytes).digest('hex') : 'unreadable';
    }
    return new RunCache(path.join(dir, STATE_FILE), setup, folders, files, hashes);
  }

  /** The files that changed since the last run, and whether that run can be reused for the rest. */
  changes(): Changes {
    const last = this.read();
    if (!last) return { kind: 'everything' };
    const changed = new Set<string>();
    const removed = new Set<string>();
    for (const [file, hash] of Object.entries(this.hashes)) if (last.hashes[file] !== hash) changed.add(file);
    for (const file of Object.keys(last.hashes)) if (!Object.hasOwn(this.hashes, file)) removed.add(file);
    if (changed.size === 0 && removed.size === 0) return { kind: 'nothing', result: last.result };
    const items = new Set(this.files.items);
    const lastItems = new Set(last.items);
    if ([...changed].some((f) => !items.has(f)) || [...removed].some((f) => !lastItems.has(f)))
      return { kind: 'everything' };
    // A changed tests file is loaded with the item beside it: re-check that item.
    for (const file of [...changed]) {
      if (!isTestsFile(file)) continue;
      for (const ext of ['.yaml', '.yml', '.json']) {
        const item = file.replace(/\.tests\.ya?ml$/i, ext);
        if (items.has(item)) changed.add(item);
      }
    }
    return { kind: 'items', changed, removed, last };
  }

  private last: RunState | undefined | null = null;

  /** The last run's state (read once). */
  private read(): RunState | undefined {
    if (this.last === null) this.last = readState(this.file, this.setup);
    return this.last;
  }

  /** Records this run; `ids` are every item's id fact (see id-facts.ts). Failure to write is not an error. */
  save(result: RunResult, ids: IdFact[]): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      const state: RunState = {
        format: FORMAT,
        setup: this.setup,
        folders: this.folders,
        hashes: this.hashes,
        items: this.files.items,
        result,
        ids,
      };
      writeFileSync(tmp, JSON.stringify(state));
      renameSync(tmp, this.file);
    } catch {}
  }
}

/** Hash of the format, kqlc's code and kqlc.yaml's bytes. */
function setupHash(root: string, configFile: string | undefined): string {
  const hash = createHash('sha256');
  hash.update(`${FORMAT}\n${codeFingerprint()}\n`);
  if (configFile) hash.update(readBytes(path.join(root, configFile)) ?? Buffer.alloc(0));
  return hash.digest('hex');
}

function readState(file: string, setup: string): RunState | undefined {
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as RunState;
    // A state from another version of kqlc, another kqlc.yaml, or damaged by hand is ignored.
    const wellFormed =
      typeof state?.hashes === 'object' &&
      state.hashes !== null &&
      Array.isArray(state.items) &&
      Array.isArray(state.ids) &&
      Array.isArray(state.result?.diagnostics) &&
      Array.isArray(state.result?.files) &&
      Array.isArray(state.folders?.shared) &&
      Array.isArray(state.folders?.items);
    return wellFormed && state.format === FORMAT && state.setup === setup ? state : undefined;
  } catch {
    return undefined;
  }
}

function readBytes(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * The result of an incremental run: the last run's diagnostics for the files not loaded this time
 * (and not removed), this run's for the files it loaded, and the duplicate ids re-compared across
 * every item from the recorded and the fresh id facts. `fresh` is this run's result on the partly
 * loaded project, `loaded` the files it read.
 */
export function reuseLastRun(
  last: RunState,
  fresh: readonly Diagnostic[],
  loaded: { files: ReadonlySet<string>; ids: IdFact[] },
  removed: ReadonlySet<string>,
  checksConfig: ProjectConfig['checks'],
): RunResult & { ids: IdFact[] } {
  const idCode = codes.idDuplicate.code;
  const reused = (file: string) => !loaded.files.has(file) && !removed.has(file);
  const ids = inLoadOrder([...last.ids.filter((f) => reused(f.file)), ...loaded.ids]);
  const diagnostics = [
    ...last.result.diagnostics.filter((d) => reused(d.file) && d.code !== idCode),
    ...fresh.filter((d) => d.code !== idCode),
    ...applyCheckConfig(duplicateIds(ids), checksConfig),
  ].sort(compareDiagnostics);
  const files = new Set([...last.result.files.filter(reused), ...loaded.files]);
  return { diagnostics, files: [...files].sort(), ids };
}
