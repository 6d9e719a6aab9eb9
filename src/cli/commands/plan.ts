import path from 'node:path';
import { type Command, Option } from 'commander';
import type { EnvironmentConfig } from '../../config/schema.js';
import { codes } from '../../diagnostics/codes.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
// Straight from load/, not ../../index.js: plan and publish need neither Kusto.Language nor the engine.
import { loadProject } from '../../load/project.js';
import {
  createSentinelClient,
  environmentOf,
  formatPlan,
  lazyDefaultCredential,
  type PlanPublishOptions,
  PublishUsageError,
  planPublish,
  planToJson,
  problemDiagnostics,
  type SentinelClient,
  traceOptions,
} from '../../publish/index.js';
import { type CliIO, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError } from '../io.js';
import type { RegisterCommand } from '../main.js';
import { kqlcVersion } from '../version.js';

/** What plan and publish need from outside: how to reach a workspace. Tests give a fake ARM server's client. */
export interface WorkspaceAccess {
  /** `trace`, when given, receives one line per HTTP request and answer (Authorization redacted). */
  createClient(env: EnvironmentConfig, trace?: (line: string) => void): SentinelClient;
}

/** Production access: the SDK client with DefaultAzureCredential, created only when a token is first needed. */
export const defaultAccess: WorkspaceAccess = {
  createClient: (env, trace) => {
    const credential = lazyDefaultCredential(env.authorityHost ? { authorityHost: env.authorityHost } : {});
    return createSentinelClient(env, credential, traceOptions(trace));
  },
};

export const WORKSPACE_FORMATS = ['pretty', 'json', 'sarif', 'github'] as const;
export type WorkspaceFormat = (typeof WORKSPACE_FORMATS)[number];

export interface WorkspaceOptions {
  env: string;
  format: WorkspaceFormat;
  prune?: boolean;
  sourceId?: string;
  traceHttp?: boolean;
}

/** The arguments and options plan and publish share. */
export function addWorkspaceOptions(command: Command): Command {
  return command
    .argument('[dir]', 'project root', '.')
    .requiredOption('--env <name>', 'environment named in kqlc.yaml')
    .addOption(
      new Option(
        '--format <format>',
        'output format (sarif, github: the problems, as kqlc check writes them)',
      )
        .choices(WORKSPACE_FORMATS)
        .default('pretty'),
    )
    .option('--prune', 'also delete what this project published and no longer has (never anything else)')
    .option(
      '--trace-http',
      'print each HTTP request and answer to stderr (the Authorization header redacted)',
    )
    .option(
      '--source-id <id>',
      'the project id in the metadata that marks what it published (default: folder name)',
    );
}

/** The library's plan options from the command line's. */
export function planOptions(client: SentinelClient, options: WorkspaceOptions): PlanPublishOptions {
  const out: PlanPublishOptions = { client };
  if (options.prune) out.prune = true;
  if (options.sourceId) out.sourceId = options.sourceId;
  return out;
}

/** Loads the project and makes the environment's client; unknown environment → usage error. */
export async function openWorkspace(
  io: CliIO,
  dir: string,
  envName: string,
  access: WorkspaceAccess,
  traceHttp = false,
) {
  const project = await loadProject(path.resolve(io.cwd, dir));
  let env: EnvironmentConfig;
  try {
    env = environmentOf(project, envName);
  } catch (e) {
    if (e instanceof PublishUsageError) throw new UsageError(e.message);
    throw e;
  }
  const trace = traceHttp ? (line: string) => io.stderr(`${line}\n`) : undefined;
  return { project, env, client: access.createClient(env, trace) };
}

/** A failure to reach the workspace (auth, network, permissions): an environment error, exit 2. */
export function reportUnreachable(io: CliIO, envName: string, e: unknown): number {
  const status = (e as { statusCode?: number }).statusCode;
  const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
  io.stderr(
    `kqlc: cannot read the workspace of '${envName}'${status ? ` (HTTP ${status})` : ''}: ${message}\n`,
  );
  return EXIT_USAGE;
}

/**
 * Problems (and failed items) as `kqlc check --format sarif|github` writes diagnostics. SARIF describes
 * each code from the code table (not the check registry, which plan and publish do not load).
 */
export async function renderDiagnostics(
  format: 'sarif' | 'github',
  diagnostics: Diagnostic[],
): Promise<string> {
  if (format === 'github') return (await import('../../report/github.js')).formatGithub(diagnostics);
  const { formatSarif } = await import('../../report/sarif.js');
  const rules = new Map(
    Object.values(codes).map((c) => [
      c.code,
      { id: c.code, title: c.title, help: `${c.title}. See docs/publish.md in kqlc.`, level: c.severity },
    ]),
  );
  return formatSarif(diagnostics, { toolVersion: kqlcVersion(), rules });
}

/** kqlc plan --env <name> [dir]: what publish would change, like a Terraform plan. Writes nothing. */
export function planCommand(access: WorkspaceAccess = defaultAccess): RegisterCommand {
  return (program, io, exit) => {
    addWorkspaceOptions(
      program
        .command('plan')
        .description(
          'show what publish would create, update, replace or delete in an environment; writes nothing',
        ),
    )
      .option('--verbose', 'list unchanged items too')
      .action(async (dir: string, options: WorkspaceOptions & { verbose?: boolean }) => {
        const { project, client } = await openWorkspace(io, dir, options.env, access, options.traceHttp);
        let plan: Awaited<ReturnType<typeof planPublish>>;
        try {
          plan = await planPublish(project, options.env, planOptions(client, options));
        } catch (e) {
          exit(reportUnreachable(io, options.env, e));
          return;
        }
        const verbose = options.verbose;
        if (options.format === 'json') io.stdout(`${JSON.stringify(planToJson(plan), null, 2)}\n`);
        else if (options.format === 'pretty') {
          io.stdout(formatPlan(plan, { color: io.isTTY && !io.env.NO_COLOR, verbose }));
        } else {
          io.stdout(await renderDiagnostics(options.format, problemDiagnostics(plan.problems)));
          // SARIF owns stdout, so the plan goes to stderr; GitHub shows plain lines between annotations.
          const text = formatPlan(plan, { color: false, verbose });
          if (options.format === 'sarif') io.stderr(text);
          else io.stdout(text);
        }
        exit(plan.problems.some((p) => p.severity === 'error') ? EXIT_FINDINGS : EXIT_OK);
      });
  };
}

export const registerPlan: RegisterCommand = planCommand();
