import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Option } from 'commander';
import { affectedItems } from '../../check/affected.js';
import { compareWithBase } from '../../check/base-version.js';
import { CheckCache } from '../../check/cache.js';
import type { CheckOptions } from '../../check/check-project.js';
import { checkInWorkers } from '../../check/parallel.js';
import { ruleInfo } from '../../check/rule-info.js';
import { RunCache } from '../../check/run-cache.js';
import { compareDiagnostics } from '../../diagnostics/diagnostic.js';
import {
  checkProject,
  type Diagnostic,
  formatJson,
  formatPretty,
  hasErrors,
  loadProject,
  summaryLine,
} from '../../index.js';
import { loadConfig } from '../../load/config.js';
import { formatGithub } from '../../report/github.js';
import { formatJunit } from '../../report/junit-xml.js';
import { formatSarif } from '../../report/sarif.js';
import { changedSince, textsAt } from '../git-changes.js';
import { EXIT_FINDINGS, EXIT_OK } from '../io.js';
import type { RegisterCommand } from '../main.js';
import { projectRoot } from '../project-root.js';
import { kqlcVersion } from '../version.js';

const FORMATS = ['pretty', 'json', 'sarif', 'github', 'junit'] as const;
type Format = (typeof FORMATS)[number];

/** kqlc check [dir]: validate every content file; exit 1 on errors. */
export const registerCheck: RegisterCommand = (program, io, exit) => {
  program
    .command('check')
    .description('check YAML structure, KQL and rule facts of every content file')
    .argument('[dir]', 'project root', '.')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('pretty'))
    .option(
      '--changed-since <git-ref>',
      'check only files changed since this git ref, and every item that depends on them',
    )
    .option(
      '--base <git-ref>',
      'also compare with this ref: ids unchanged, version raised when a query changed',
    )
    .option('--workers <n>', 'most worker threads for analysis (default: the number of CPUs; $KQLC_WORKERS)')
    .option(
      '--no-cache',
      'do not read or write the results cache (.kqlc-cache/ in the project, or $KQLC_CACHE_DIR)',
    )
    .action(
      async (
        dir: string,
        options: { format: Format; changedSince?: string; base?: string; cache: boolean; workers?: string },
      ) => {
        const root = projectRoot(io.cwd, dir);
        const color = io.isTTY && !io.env.NO_COLOR;
        const cacheDir = io.env.KQLC_CACHE_DIR ?? path.join(root, '.kqlc-cache');
        // Nothing changed since the last full run: its result is the answer, no YAML parsed.
        let runCache: RunCache | undefined;
        if (options.cache && !options.changedSince && !options.base) {
          const { config, diagnostics: configProblems } = await loadConfig(root);
          if (configProblems.length === 0) runCache = await RunCache.open(cacheDir, root, config);
          const hit = runCache?.get();
          if (hit) {
            const sources = await readSources(root, hit.diagnostics);
            io.stdout(render(options.format, hit.diagnostics, sources, new Set(hit.files), color));
            exit(hasErrors(hit.diagnostics) ? EXIT_FINDINGS : EXIT_OK);
            return;
          }
        }
        const cache = options.cache ? CheckCache.open(cacheDir) : CheckCache.memory();
        const project = await loadProject(root);
        let only: CheckOptions['only'];
        if (options.changedSince) {
          const affected = affectedItems(project, await changedSince(root, options.changedSince));
          if (!affected.everything) only = affected;
        }
        const workers = Number(options.workers ?? io.env.KQLC_WORKERS ?? Number.NaN);
        await checkInWorkers(project, cache, {
          workers: Number.isInteger(workers) && workers > 0 ? workers : undefined,
          only: only?.items,
        });
        const { diagnostics } = checkProject(project, { only, cache });
        cache.save();
        if (options.base) {
          const changed = await changedSince(root, options.base);
          const items = project.items.map((i) => i.source.file.path).filter((f) => changed.has(f));
          diagnostics.push(...compareWithBase(project, await textsAt(root, options.base, items)));
          diagnostics.sort(compareDiagnostics);
        }
        const checked = only
          ? new Set([...only.files, ...[...only.items].map((i) => i.source.file.path)])
          : new Set(project.files.keys());
        runCache?.save({ diagnostics, files: [...checked] });
        const sources = new Map([...project.files].map(([p, f]) => [p, f.text]));
        io.stdout(render(options.format, diagnostics, sources, checked, color));
        exit(hasErrors(diagnostics) ? EXIT_FINDINGS : EXIT_OK);
      },
    );
};

/** The text of the files that diagnostics point into, for code frames. */
async function readSources(root: string, diagnostics: readonly Diagnostic[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of new Set(diagnostics.map((d) => d.file))) {
    const text = await readFile(path.join(root, file), 'utf8').catch(() => undefined);
    if (text !== undefined) out.set(file, text);
  }
  return out;
}

function render(
  format: Format,
  diagnostics: Diagnostic[],
  sources: ReadonlyMap<string, string>,
  checked: Set<string>,
  color: boolean,
): string {
  switch (format) {
    case 'json':
      return formatJson(diagnostics);
    case 'sarif':
      return formatSarif(diagnostics, { toolVersion: kqlcVersion(), rules: ruleInfo() });
    case 'github':
      return formatGithub(diagnostics);
    case 'junit': {
      const cases = [...checked].sort().map((file) => {
        const found = diagnostics.filter((d) => d.file === file && d.severity === 'error');
        const text = found
          .map((d) => `${d.file}:${d.start?.line ?? 1}:${d.start?.column ?? 1} ${d.code} ${d.message}`)
          .join('\n');
        return {
          name: file,
          classname: 'kqlc.check',
          ...(found.length
            ? { failure: { message: `${found.length} error${found.length === 1 ? '' : 's'}`, text } }
            : {}),
        };
      });
      return formatJunit([{ name: 'kqlc check', cases }]);
    }
    case 'pretty':
      return formatPretty(diagnostics, { sources, color }) + summaryLine(diagnostics, checked.size);
  }
}
