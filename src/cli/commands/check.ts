import path from 'node:path';
import { Option } from 'commander';
import { affectedItems } from '../../check/affected.js';
import { compareWithBase } from '../../check/base-version.js';
import { CheckCache } from '../../check/cache.js';
import type { CheckOptions } from '../../check/check-project.js';
import { ruleInfo } from '../../check/rule-info.js';
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
    .option(
      '--no-cache',
      'do not read or write the results cache (.kqlc-cache/ in the project, or $KQLC_CACHE_DIR)',
    )
    .action(
      async (
        dir: string,
        options: { format: Format; changedSince?: string; base?: string; cache: boolean },
      ) => {
        const root = projectRoot(io.cwd, dir);
        const cache = options.cache
          ? CheckCache.open(io.env.KQLC_CACHE_DIR ?? path.join(root, '.kqlc-cache'))
          : undefined;
        const project = await loadProject(root);
        let only: CheckOptions['only'];
        if (options.changedSince) {
          const affected = affectedItems(project, await changedSince(root, options.changedSince));
          if (!affected.everything) only = affected;
        }
        const { diagnostics } = checkProject(project, { only, cache });
        cache?.save();
        if (options.base) {
          const changed = await changedSince(root, options.base);
          const items = project.items.map((i) => i.source.file.path).filter((f) => changed.has(f));
          diagnostics.push(...compareWithBase(project, await textsAt(root, options.base, items)));
          diagnostics.sort(compareDiagnostics);
        }
        const checked = only
          ? new Set([...only.files, ...[...only.items].map((i) => i.source.file.path)])
          : new Set(project.files.keys());
        io.stdout(render(options.format, diagnostics, project, checked, io.isTTY && !io.env.NO_COLOR));
        exit(hasErrors(diagnostics) ? EXIT_FINDINGS : EXIT_OK);
      },
    );
};

function render(
  format: Format,
  diagnostics: Diagnostic[],
  project: Awaited<ReturnType<typeof loadProject>>,
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
    case 'pretty': {
      const sources = new Map([...project.files].map(([p, f]) => [p, f.text]));
      return formatPretty(diagnostics, { sources, color }) + summaryLine(diagnostics, checked.size);
    }
  }
}
