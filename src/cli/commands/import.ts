import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type ImportedKind, importWorkspace } from '../../publish/import.js';
import { EXIT_OK } from '../io.js';
import type { RegisterCommand } from '../main.js';
import { defaultAccess, openWorkspace, reportUnreachable, type WorkspaceAccess } from './plan.js';

const KIND_LABEL: Record<ImportedKind, string> = {
  analytic: 'alert rule',
  hunting: 'hunting query',
  parser: 'parser',
  workbook: 'workbook',
};

/**
 * kqlc import --env <name> [dir]: the workspace's analytic rules, hunting queries, parsers and workbooks as
 * kqlc files, in the folders kqlc.yaml names (under --out when given). Never overwrites a file without
 * --force. Reads the workspace only.
 */
export function importCommand(access: WorkspaceAccess = defaultAccess): RegisterCommand {
  return (program, io, exit) => {
    program
      .command('import')
      .description(
        "write an environment's workspace content (analytic rules, hunting queries, parsers, workbooks) as kqlc files",
      )
      .argument('[dir]', 'project root (its kqlc.yaml names the environment)', '.')
      .requiredOption('--env <name>', 'environment named in kqlc.yaml')
      .option('--out <dir>', 'write under this folder instead of the project root (same sub-folders)')
      .option('--force', 'overwrite files that exist (default: leave them and say so)')
      .option(
        '--trace-http',
        'print each HTTP request and answer to stderr (the Authorization header redacted)',
      )
      .action(
        async (dir: string, options: { env: string; out?: string; force?: boolean; traceHttp?: boolean }) => {
          const { project, client } = await openWorkspace(io, dir, options.env, access, options.traceHttp);
          const existing = new Map(
            project.items.filter((i) => i.id).map((i) => [i.id.toLowerCase(), i.source.file.path]),
          );
          let result: Awaited<ReturnType<typeof importWorkspace>>;
          try {
            // With --out, files go to a fresh tree: the project's own files are not where they would land.
            result = await importWorkspace(client, project.config, options.out ? new Map() : existing);
          } catch (e) {
            exit(reportUnreachable(io, options.env, e));
            return;
          }
          const root = options.out ? path.resolve(io.cwd, options.out) : project.root;
          let written = 0;
          let kept = 0;
          for (const file of result.files) {
            const target = path.join(root, ...file.path.split('/'));
            const shown = path.relative(io.cwd, target).split(path.sep).join('/');
            const what = `${KIND_LABEL[file.kind]} "${file.displayName}" (${file.name})`;
            if (existsSync(target) && !options.force) {
              io.stdout(`= kept      ${shown}: exists; ${what} not written (--force overwrites)\n`);
              kept++;
              continue;
            }
            await mkdir(path.dirname(target), { recursive: true });
            await writeFile(target, file.text);
            io.stdout(`+ wrote     ${shown}: ${what}\n`);
            written++;
          }
          for (const note of result.notes) io.stderr(`kqlc: note: ${note}\n`);
          io.stdout(
            `Imported from '${options.env}': ${written} written, ${kept} kept as they were. Run kqlc check next.\n`,
          );
          exit(EXIT_OK);
        },
      );
  };
}

export const registerImport: RegisterCommand = importCommand();
