import path from 'node:path';
import type { EnvironmentConfig } from '../../config/schema.js';
// Straight from load/ and publish/: building needs neither Kusto.Language nor the engine.
import { loadProject } from '../../load/project.js';
import { environmentOf, PublishUsageError, writeArmTemplates } from '../../publish/index.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../io.js';
import type { RegisterCommand } from '../main.js';
import { projectRoot } from '../project-root.js';

/** kqlc build --out <dir>: ARM templates per item and one for the project, parameterised by workspace. */
export const registerBuild: RegisterCommand = (program, io, exit) => {
  program
    .command('build')
    .description(
      'write ARM templates (one per item and project.json) that az deployment and Sentinel Repositories accept',
    )
    .argument('[dir]', 'project root', '.')
    .requiredOption('--out <dir>', 'folder to write the templates to')
    .option(
      '--source-id <id>',
      "mark the resources as this project's with Sentinel metadata (omit for Sentinel Repositories)",
    )
    .option(
      '--env <name>',
      "apply an environment's choices from kqlc.yaml: selection, rule overrides, named values (the workspace stays a parameter)",
    )
    .action(async (dir: string, options: { out: string; sourceId?: string; env?: string }) => {
      const root = projectRoot(io.cwd, dir);
      const project = await loadProject(root);
      let environment: EnvironmentConfig | undefined;
      if (options.env !== undefined) {
        try {
          environment = environmentOf(project, options.env);
        } catch (e) {
          if (e instanceof PublishUsageError) throw new UsageError(e.message);
          throw e;
        }
      }
      const loadErrors = project.diagnostics.filter((d) => d.severity === 'error');
      for (const d of loadErrors)
        io.stderr(`${d.file}:${d.start?.line ?? 1}:${d.start?.column ?? 1} error ${d.code} ${d.message}\n`);
      if (loadErrors.length) {
        io.stderr('kqlc: nothing written: fix the errors above (kqlc check shows them all)\n');
        exit(EXIT_FINDINGS);
        return;
      }
      const out = path.resolve(io.cwd, options.out);
      const { written, problems } = await writeArmTemplates(project, out, {
        ...(options.sourceId ? { sourceId: options.sourceId } : {}),
        ...(environment ? { environment } : {}),
      });
      for (const p of problems)
        io.stderr(
          `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ''} ${p.severity}${p.code ? ` ${p.code}` : ''} ${p.path ? `${p.path}: ` : ''}${p.message}\n`,
        );
      if (!written.length && problems.some((p) => p.severity === 'error')) {
        io.stderr('kqlc: nothing written\n');
        exit(EXIT_FINDINGS);
        return;
      }
      io.stdout(
        `wrote ${written.length} template${written.length === 1 ? '' : 's'} to ${path.relative(io.cwd, out) || '.'}\n`,
      );
      exit(EXIT_OK);
    });
};
