import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Option } from 'commander';
import { CheckWorkers, MIN_ITEMS_PER_WORKER, workerLimit } from '../../check/parallel.js';
import { RunCache } from '../../check/run-cache.js';
import { compareDiagnostics, type Diagnostic, hasErrors } from '../../diagnostics/diagnostic.js';
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
    .option(
      '--workers <n>',
      'most workers for analysis, processes from the Kusto.Language snapshot or threads (default: the number of CPUs; $KQLC_WORKERS)',
    )
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
        const started = performance.now();
        const mark = (phase: string) => {
          if (io.env.KQLC_TIMINGS) io.stderr(`[${(performance.now() - started).toFixed(0)} ms] ${phase}\n`);
        };
        const color = io.isTTY && !io.env.NO_COLOR;
        const cacheDir = options.cache
          ? (io.env.KQLC_CACHE_DIR ?? path.join(root, '.kqlc-cache'))
          : undefined;
        const reuseRuns = !options.changedSince && !options.base;
        const requested = Number(options.workers ?? io.env.KQLC_WORKERS ?? Number.NaN);
        const pool = new CheckWorkers(
          root,
          workerLimit(Number.isInteger(requested) && requested > 0 ? requested : undefined),
        );
        try {
          // When the last run was large, one worker starts loading Kusto.Language while the files are
          // hashed: if something changed it is needed, and if nothing did it is stopped unused.
          const runCache =
            cacheDir && reuseRuns
              ? await RunCache.fromLastRun(cacheDir, root, (files) => {
                  if (files >= MIN_ITEMS_PER_WORKER) pool.start(1);
                  mark(`last run read (${files} files); ${pool.size} workers started`);
                })
              : undefined;
          const changes = runCache?.changes();
          // Nothing changed since the last run: its result is the answer, with nothing else imported.
          if (changes?.kind === 'nothing') {
            await pool.close();
            const answer = changes.result;
            mark('answered from the last run');
            const sources = await readSources(root, answer.diagnostics);
            io.stdout(
              await render(options.format, answer.diagnostics, sources, new Set(answer.files), color),
            );
            exit(hasErrors(answer.diagnostics) ? EXIT_FINDINGS : EXIT_OK);
            return;
          }
          const { checkRun } = await import('../../check/check-run.js');
          const { changedSince } = await import('../git-changes.js');
          const result = await checkRun(root, {
            cacheDir,
            reuseRuns,
            runCache,
            pool,
            changedFiles: options.changedSince ? () => changedSince(root, options.changedSince!) : undefined,
            mark,
          });
          const { diagnostics, sources } = result;
          if (options.base && result.project) {
            const { compareWithBase } = await import('../../check/base-version.js');
            const { textsAt } = await import('../git-changes.js');
            const changed = await changedSince(root, options.base);
            const items = result.project.items.map((i) => i.source.file.path).filter((f) => changed.has(f));
            diagnostics.push(...compareWithBase(result.project, await textsAt(root, options.base, items)));
            diagnostics.sort(compareDiagnostics);
          }
          const checked = new Set(result.files);
          const unloaded = diagnostics.filter((d) => !sources.has(d.file));
          for (const [file, text] of await readSources(root, unloaded)) sources.set(file, text);
          io.stdout(await render(options.format, diagnostics, sources, checked, color));
          mark('rendered');
          exit(hasErrors(diagnostics) ? EXIT_FINDINGS : EXIT_OK);
        } finally {
          // Never leave a worker behind (one may have been started before an error).
          await pool.close();
        }
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

/** The report in the chosen format; each formatter is imported only when it is used. */
async function render(
  format: Format,
  diagnostics: Diagnostic[],
  sources: ReadonlyMap<string, string>,
  checked: Set<string>,
  color: boolean,
): Promise<string> {
  switch (format) {
    case 'json':
      return (await import('../../report/json.js')).formatJson(diagnostics);
    case 'sarif': {
      const { formatSarif } = await import('../../report/sarif.js');
      const { ruleInfo } = await import('../../check/rule-info.js');
      return formatSarif(diagnostics, { toolVersion: kqlcVersion(), rules: ruleInfo() });
    }
    case 'github':
      return (await import('../../report/github.js')).formatGithub(diagnostics);
    case 'junit': {
      const { formatJunit } = await import('../../report/junit-xml.js');
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
    case 'pretty': {
      const { formatPretty, summaryLine } = await import('../../report/pretty.js');
      return formatPretty(diagnostics, { sources, color }) + summaryLine(diagnostics, checked.size);
    }
  }
}
