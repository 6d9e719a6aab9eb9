import { Option } from 'commander';
import { checkProject, formatJson, formatPretty, hasErrors, loadProject, summaryLine } from '../../index.js';
import { EXIT_FINDINGS, EXIT_OK } from '../io.js';
import type { RegisterCommand } from '../main.js';
import { projectRoot } from '../project-root.js';

/** kqlc check [dir]: validate every content file; exit 1 on errors. */
export const registerCheck: RegisterCommand = (program, io, exit) => {
  program
    .command('check')
    .description('check YAML structure, KQL and rule facts of every content file')
    .argument('[dir]', 'project root', '.')
    .addOption(new Option('--format <format>', 'output format').choices(['pretty', 'json']).default('pretty'))
    .action(async (dir: string, options: { format: 'pretty' | 'json' }) => {
      const project = await loadProject(projectRoot(io.cwd, dir));
      const { diagnostics } = checkProject(project);
      if (options.format === 'json') io.stdout(formatJson(diagnostics));
      else {
        const sources = new Map([...project.files].map(([p, f]) => [p, f.text]));
        const color = io.isTTY && !io.env.NO_COLOR;
        io.stdout(formatPretty(diagnostics, { sources, color }));
        io.stdout(summaryLine(diagnostics, project.files.size));
      }
      exit(hasErrors(diagnostics) ? EXIT_FINDINGS : EXIT_OK);
    });
};
