import { createHash } from 'node:crypto';
import { type Dirent, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { queryWords } from '../kql/query-words.js';
import { namedValuesKey } from '../load/named-values.js';
import type { ContentItem, Project } from '../model/content.js';

const FORMAT = 1;

/**
 * Per-item results of the item checks, on disk, keyed by a hash of everything the result depends on:
 * kqlc's own code, kqlc.yaml, the item's file, and the files of the tables and parsers it reads
 * (transitively). A run whose items all hit the cache never loads Kusto.Language.
 */
export class CheckCache {
  private readonly used = new Map<string, Diagnostic[]>();
  hits = 0;
  misses = 0;

  private constructor(
    private readonly file: string,
    private readonly entries: Record<string, Diagnostic[]>,
  ) {}

  /** A cache that lives only in memory (nothing is read or saved): the way results come back from workers. */
  static memory(): CheckCache {
    return new CheckCache('', {});
  }

  /** Opens the cache in `dir`; a missing, unreadable or foreign file starts empty. */
  static open(dir: string): CheckCache {
    const file = path.join(dir, 'check-items.json');
    try {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as {
        format: number;
        code: string;
        entries: Record<string, Diagnostic[]>;
      };
      if (doc.format === FORMAT && doc.code === codeFingerprint()) return new CheckCache(file, doc.entries);
    } catch {}
    return new CheckCache(file, {});
  }

  /** How many results the cache holds from earlier runs (0 for a cold run). */
  get stored(): number {
    return Object.keys(this.entries).length;
  }

  /** True when `key` has a result, without counting a hit or a miss. */
  has(key: string): boolean {
    return this.used.has(key) || Object.hasOwn(this.entries, key);
  }

  get(key: string): Diagnostic[] | undefined {
    const found = this.used.get(key) ?? (Object.hasOwn(this.entries, key) ? this.entries[key] : undefined);
    if (found) {
      this.hits++;
      this.used.set(key, found);
    } else this.misses++;
    return found;
  }

  set(key: string, diagnostics: Diagnostic[]): void {
    this.used.set(key, diagnostics);
  }

  /**
   * Writes the entries of this run atomically (older ones are dropped unless `keepUnused`: a run that
   * loaded only part of the project keeps the rest); failure to write is not an error.
   */
  save(options: { keepUnused?: boolean } = {}): void {
    if (!this.file) return;
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(
        tmp,
        JSON.stringify({
          format: FORMAT,
          code: codeFingerprint(),
          entries: options.keepUnused
            ? { ...this.entries, ...Object.fromEntries(this.used) }
            : Object.fromEntries(this.used),
        }),
      );
      renameSync(tmp, this.file);
    } catch {}
  }
}

let fingerprint: string | undefined;

/** The stages whose code decides a check result; a change to any of their files invalidates the cache. */
const STAGES = ['check', 'config', 'diagnostics', 'kql', 'load', 'model'];

/**
 * Identifies the kqlc code that produced a result: a hash of the module files of those stages, under
 * `root` (default: the code running, src/ or dist/).
 */
export function codeFingerprint(root?: string): string {
  if (fingerprint && root === undefined) return fingerprint;
  const hash = createHash('sha256');
  const base = root ?? fileURLToPath(new URL('../', import.meta.url));
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(js|ts|json)$/.test(entry.name)) {
        hash.update(`${path.relative(base, full)}\n`);
        hash.update(readFileSync(full));
      }
    }
  };
  for (const stage of STAGES) walk(path.join(base, stage));
  const digest = hash.digest('hex');
  if (root === undefined) fingerprint = digest;
  return digest;
}

/** Computes each item's cache key; dependencies are the tables and parsers its query names, transitively. */
export function itemKeys(project: Project): Map<ContentItem, string> {
  const tableFiles = new Map(project.tables.map((t) => [t.name, t.file.text]));
  const parsers = new Map(
    project.items.flatMap((i) => (i.kind === 'parser' ? [[i.functionName, i] as const] : [])),
  );
  // kqlc.yaml is read by loadConfig, not kept in project.files: read it here for the key.
  const configText = project.config.file ? readText(path.join(project.root, project.config.file)) : '';
  const keys = new Map<ContentItem, string>();
  for (const item of project.items) {
    const seen = new Set<string>();
    const deps: string[] = [];
    const visit = (text: string) => {
      for (const w of queryWords(text)) {
        if (seen.has(w)) continue;
        seen.add(w);
        const table = tableFiles.get(w);
        if (table !== undefined) deps.push(`table ${w}\n${table}`);
        const parser = parsers.get(w);
        if (parser && parser !== item) {
          deps.push(`parser ${w}\n${parser.source.file.text}`);
          visit(parser.query.text);
        }
      }
    };
    visit(item.query.text);
    const hash = createHash('sha256');
    hash.update(`${FORMAT}\n${configText}\n${item.source.file.path}\n${item.source.file.text}\n`);
    hash.update(namedValuesKey(item, project));
    for (const d of deps.sort()) hash.update(d);
    keys.set(item, hash.digest('hex'));
  }
  return keys;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '\0unreadable';
  }
}
