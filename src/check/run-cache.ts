import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectConfig } from '../config/config.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { discoverFiles } from '../load/discover.js';
import { codeFingerprint } from './cache.js';

const FORMAT = 1;
const ALL_EXTENSIONS = ['yaml', 'yml', 'json', 'csv', 'kql', 'txt'];

export interface RunResult {
  diagnostics: Diagnostic[];
  /** The files the run checked (project-relative), for the summary and JUnit reports. */
  files: string[];
}

/**
 * The whole-run cache: when no content file, kqlc.yaml nor kqlc's code changed since the last run,
 * its result is the answer, without parsing a single YAML file. The key is a hash of every file under
 * the configured content folders (path and bytes).
 */
export class RunCache {
  private constructor(
    private readonly file: string,
    readonly key: string,
  ) {}

  static async open(dir: string, root: string, config: ProjectConfig): Promise<RunCache> {
    const hash = createHash('sha256');
    hash.update(`${FORMAT}\n${codeFingerprint()}\n`);
    if (config.file) hash.update(await readFile(path.join(root, config.file)).catch(() => Buffer.alloc(0)));
    const p = config.paths;
    const folders = [
      ...p.tables,
      ...p.watchlists,
      ...p.parsers,
      ...p.hunting,
      ...p.analytics,
      ...p.workbooks,
    ];
    const files = await discoverFiles(root, folders, ALL_EXTENSIONS);
    const contents = await Promise.all(
      files.map((f) => readFile(path.join(root, f)).catch(() => Buffer.from('\0unreadable'))),
    );
    files.forEach((f, i) => {
      hash.update(`\n${f}\n${contents[i].length}\n`);
      hash.update(contents[i]);
    });
    return new RunCache(path.join(dir, 'check-run.json'), hash.digest('hex'));
  }

  /** The last run's result when its inputs were exactly these. */
  get(): RunResult | undefined {
    try {
      const doc = JSON.parse(readFileSync(this.file, 'utf8')) as {
        format: number;
        key: string;
        result: RunResult;
      };
      return doc.format === FORMAT && doc.key === this.key ? doc.result : undefined;
    } catch {
      return undefined;
    }
  }

  save(result: RunResult): void {
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ format: FORMAT, key: this.key, result }));
      renameSync(tmp, this.file);
    } catch {}
  }
}
