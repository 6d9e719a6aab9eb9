import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError } from 'commander';
import {
  applyPublish,
  desiredResources,
  formatPlan,
  formatResult,
  formatSummary,
  type PublishPlan,
  type PublishReport,
  planPublish,
  problemDiagnostics,
  reportToJson,
  resultDiagnostics,
} from '../../publish/index.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../io.js';
import type { RegisterCommand } from '../main.js';
import {
  addWorkspaceOptions,
  defaultAccess,
  openWorkspace,
  planOptions,
  renderDiagnostics,
  reportUnreachable,
  type WorkspaceAccess,
  type WorkspaceOptions,
} from './plan.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('a whole number from 1 to 64');
  return n;
}

type PublishOptions = WorkspaceOptions & {
  concurrency: number;
  report?: string;
  yes?: boolean;
  force?: boolean;
};

/**
 * kqlc publish --env <name> [dir]: applies the plan. Nothing is written when the content has errors;
 * unchanged content makes no write; a failure names the items, exits 1, and a re-run finishes the job.
 * With --prune, deletes are listed and need a "y" at the prompt on a terminal, or --yes anywhere else.
 */
export function publishCommand(access: WorkspaceAccess = defaultAccess): RegisterCommand {
  return (program, io, exit) => {
    addWorkspaceOptions(
      program
        .command('publish')
        .description('create, update (and with --prune delete) content so the workspace matches the project'),
    )
      .option('--yes', 'confirm the deletes of --prune without a prompt (required when not on a terminal)')
      .option('--force', 'overwrite items changed in the workspace since they were read (no 409 conflict)')
      .option('--concurrency <n>', 'writes in flight at once', positiveInt, 4)
      .option('--report <file>', 'also write a JSON report of what was done to this file')
      .action(async (dir: string, options: PublishOptions) => {
        const { project, env, client } = await openWorkspace(io, dir, options.env, access, options.traceHttp);
        const format = options.format;
        const color = format === 'pretty' && io.isTTY && !io.env.NO_COLOR;
        // What people read: stdout for pretty and github (plain lines between annotations); stderr for sarif,
        // whose document owns stdout; nothing for json.
        const say = format === 'json' ? undefined : format === 'sarif' ? io.stderr : io.stdout;
        let report: PublishReport;
        try {
          let plan: PublishPlan | undefined;
          // Content errors still stop everything before any request (applyPublish checks them first).
          if (options.prune && !desiredResources(project, env).problems.some((p) => p.severity === 'error')) {
            plan = await planPublish(project, options.env, planOptions(client, options));
            const deletes = plan.entries.filter((e) => e.action === 'delete').length;
            if (deletes > 0 && !options.yes) {
              const items = `${deletes} item${deletes === 1 ? '' : 's'}`;
              (say ?? io.stdout)(formatPlan(plan, { color }));
              // On a terminal, ask; anywhere else (a pipe, CI), --yes is the only way to delete.
              if (io.isTTY && io.prompt) {
                const answer = await io.prompt(`Delete ${items} from '${options.env}'? [y/N] `);
                if (!/^\s*y(es)?\s*$/i.test(answer)) {
                  io.stderr('kqlc: nothing was written.\n');
                  exit(EXIT_USAGE);
                  return;
                }
              } else {
                io.stderr(
                  `kqlc: --prune would delete ${items}; nothing was written. ` +
                    'Run again with --yes to publish and delete.\n',
                );
                exit(EXIT_USAGE);
                return;
              }
            }
          }
          report = await applyPublish(project, options.env, {
            ...planOptions(client, options),
            ...(plan ? { plan } : {}),
            concurrency: options.concurrency,
            ...(options.force ? { force: true } : {}),
            onResult: (r) => {
              if (say && r.status !== 'unchanged') say(formatResult(r, { color }));
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
        if (format === 'json') io.stdout(`${JSON.stringify(json, null, 2)}\n`);
        else if (format === 'sarif' || format === 'github') {
          const diagnostics = [
            ...problemDiagnostics(report.plan.problems),
            ...resultDiagnostics(report, project.config.file ?? 'kqlc.yaml'),
          ];
          io.stdout(await renderDiagnostics(format, diagnostics));
        }
        say?.(formatSummary(report, { color }));
        exit(report.ok ? EXIT_OK : EXIT_FINDINGS);
      });
  };
}

export const registerPublish: RegisterCommand = publishCommand();
