import { Option } from 'commander';
import {
  allPassed,
  formatPretty,
  formatTestResults,
  hasErrors,
  loadProject,
  resolveProject,
  runTests,
} from '../../index.js';
import { EXIT_FINDINGS, EXIT_OK } from '../io.js';
import type { RegisterCommand } from '../main.js';
import { projectRoot } from '../project-root.js';

/** kqlc test [dir]: run every content test on the local engine; exit 1 on any failure. */
export const registerTest: RegisterCommand = (program, io, exit) => {
  program
    .command('test')
    .description('run the tests declared with each content item on the local KQL engine')
    .argument('[dir]', 'project root', '.')
    .option('--filter <text>', 'only tests whose file path or name contains this text')
    .addOption(new Option('--format <format>', 'output format').choices(['pretty', 'json']).default('pretty'))
    .action(async (dir: string, options: { filter?: string; format: 'pretty' | 'json' }) => {
      const project = await loadProject(projectRoot(io.cwd, dir));
      const color = io.isTTY && !io.env.NO_COLOR;
      const resolved = resolveProject(project);
      const loadErrors = project.diagnostics.filter((d) => d.severity === 'error');
      if (loadErrors.length) {
        // Content that does not load cannot be tested; say so instead of running a partial suite silently.
        const sources = new Map([...project.files].map(([p, f]) => [p, f.text]));
        io.stderr(formatPretty(loadErrors, { sources, color }));
      }
      const results = await runTests(resolved, { filter: options.filter });
      if (options.format === 'json') {
        const records = results.map((r) => ({
          file: r.test.item.source.file.path,
          contentId: r.test.item.id,
          test: r.test.name,
          status: r.status,
          message: r.message,
          durationMs: Math.round(r.durationMs * 1000) / 1000,
        }));
        io.stdout(`${JSON.stringify(records, null, 2)}\n`);
      } else {
        io.stdout(formatTestResults(results, color));
      }
      const failed = !allPassed(results) || hasErrors(loadErrors);
      exit(failed ? EXIT_FINDINGS : EXIT_OK);
    });
};
