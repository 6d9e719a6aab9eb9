import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, Option } from 'commander';
import {
  applyPublish,
  formatResult,
  formatSummary,
  type PublishReport,
  reportToJson,
} from '../../publish/index.js';
import { EXIT_FINDINGS, EXIT_OK } from '../io.js';
import type { RegisterCommand } from '../main.js';
import {
  defaultAccess,
  openWorkspace,
  reportUnreachable,
  type WorkspaceAccess,
  type WorkspaceOptions,
} from './plan.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('a whole number from 1 to 64');
  return n;
}

/**
 * kqlc publish --env <name> [dir]: applies the plan. Nothing is written when the content has errors;
 * unchanged content makes no write; a failure names the items, exits 1, and a re-run finishes the job.
 */
export function publishCommand(access: WorkspaceAccess = defaultAccess): RegisterCommand {
  return (program, io, exit) => {
    program
      .command('publish')
      .description(
        'create or update the analytic rules of an environment so the workspace matches the project',
      )
      .argument('[dir]', 'project root', '.')
      .requiredOption('--env <name>', 'environment named in kqlc.yaml')
      .addOption(
        new Option('--format <format>', 'output format').choices(['pretty', 'json']).default('pretty'),
      )
      .option('--concurrency <n>', 'writes in flight at once', positiveInt, 4)
      .option('--report <file>', 'also write a JSON report of what was done to this file')
      .action(async (dir: string, options: WorkspaceOptions & { concurrency: number; report?: string }) => {
        const { project, client } = await openWorkspace(io, dir, options.env, access);
        const color = io.isTTY && !io.env.NO_COLOR;
        const pretty = options.format === 'pretty';
        let report: PublishReport;
        try {
          report = await applyPublish(project, options.env, {
            client,
            concurrency: options.concurrency,
            onResult: (r) => {
              if (pretty && r.status !== 'unchanged') io.stdout(formatResult(r, { color }));
            },
          });
        } catch (e) {
          exit(reportUnreachable(io, options.env, e));
          return;
        }
        const json = reportToJson(report);
        if (options.report) {
          await writeFile(path.resolve(io.cwd, options.report), `${JSON.stringify(json, null, 2)}\n`);
        }
        if (pretty) io.stdout(formatSummary(report, { color }));
        else io.stdout(`${JSON.stringify(json, null, 2)}\n`);
        exit(report.ok ? EXIT_OK : EXIT_FINDINGS);
      });
  };
}

export const registerPublish: RegisterCommand = publishCommand();
