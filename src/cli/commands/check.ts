import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Option } from 'commander';
import { affectedItems } from '../../check/affected.js';
import { compareWithBase } from '../../check/base-version.js';
import { CheckCache, itemKeys } from '../../check/cache.js';
import type { CheckOptions } from '../../check/check-project.js';
import { idFacts } from '../../check/id-facts.js';
import { CheckWorkers, MIN_ITEMS_PER_WORKER, workerLimit } from '../../check/parallel.js';
import { ruleInfo } from '../../check/rule-info.js';
import { type Changes, contentFiles, RunCache, reuseLastRun } from '../../check/run-cache.js';
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
        const t0 = performance.now();
        const mark = (what: string) => {
          if (io.env.KQLC_TIMINGS) io.stderr(`[${(performance.now() - t0).toFixed(0)} ms] ${what}\n`);
        };
        const color = io.isTTY && !io.env.NO_COLOR;
        const cacheDir = io.env.KQLC_CACHE_DIR ?? path.join(root, '.kqlc-cache');
        // The run cache: nothing changed since the last run, its result is the answer, no YAML parsed;
        // only some rules, hunting queries or workbooks changed, only those are loaded.
        const { config, diagnostics: configProblems } = await loadConfig(root);
        const runCache =
          options.cache && !options.changedSince && !options.base && configProblems.length === 0
            ? await RunCache.open(cacheDir, root, config)
            : undefined;
        const changes: Changes = runCache?.changes() ?? { kind: 'everything' };
        if (changes.kind === 'nothing') {
          const { diagnostics, files } = changes.result;
          const sources = await readSources(root, diagnostics);
          io.stdout(render(options.format, diagnostics, sources, new Set(files), color));
          exit(hasErrors(diagnostics) ? EXIT_FINDINGS : EXIT_OK);
          return;
        }
        const cache = options.cache ? CheckCache.open(cacheDir) : CheckCache.memory();
        const requested = Number(options.workers ?? io.env.KQLC_WORKERS ?? Number.NaN);
        const pool = new CheckWorkers(
          root,
          workerLimit(Number.isInteger(requested) && requested > 0 ? requested : undefined),
        );
        let diagnostics: Diagnostic[];
        let project: Awaited<ReturnType<typeof loadProject>>;
        let only: CheckOptions['only'];
        try {
          // A project big enough to share out gets its workers now, so that they load Kusto.Language
          // while this thread reads the files.
          const files = runCache?.files ?? (await contentFiles(root, config));
          if (files.shared.length + files.items.length >= MIN_ITEMS_PER_WORKER) {
            pool.start(
              changes.kind === 'items'
                ? Math.ceil(changes.changed.size / MIN_ITEMS_PER_WORKER)
                : cache.stored === 0 && !options.changedSince
                  ? Number.POSITIVE_INFINITY
                  : 1,
            );
          }
          mark(`${changes.kind} changed; ${pool.size} workers started`);
          project = await loadProject(
            root,
            changes.kind === 'items' ? { items: (p) => changes.changed.has(p) } : {},
          );
          mark('project loaded');
          if (options.changedSince) {
            const affected = affectedItems(project, await changedSince(root, options.changedSince));
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
        if (options.base) {
          const changed = await changedSince(root, options.base);
          const items = project.items.map((i) => i.source.file.path).filter((f) => changed.has(f));
          diagnostics.push(...compareWithBase(project, await textsAt(root, options.base, items)));
          diagnostics.sort(compareDiagnostics);
        }
        let checked = only
          ? new Set([...only.files, ...[...only.items].map((i) => i.source.file.path)])
          : new Set(project.files.keys());
        let ids = idFacts(project.items);
        if (changes.kind === 'items') {
          const merged = reuseLastRun(
            changes.last,
            diagnostics,
            { files: checked, ids },
            changes.removed,
            project.config.checks,
          );
          diagnostics = merged.diagnostics;
          checked = new Set(merged.files);
          ids = merged.ids;
        }
        runCache?.save({ diagnostics, files: [...checked] }, ids);
        const sources = new Map([...project.files].map(([p, f]) => [p, f.text]));
        const unloaded = diagnostics.filter((d) => !sources.has(d.file));
        for (const [file, text] of await readSources(root, unloaded)) sources.set(file, text);
        io.stdout(render(options.format, diagnostics, sources, checked, color));
        mark('rendered');
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
