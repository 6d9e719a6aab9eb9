import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type ArmTemplate, buildArmTemplate } from '../build/arm-template.js';
import type { EnvironmentConfig } from '../config/schema.js';
import type { Project } from '../model/content.js';
import { desiredResources, type PublishProblem } from './index.js';

export interface ArmTemplates {
  /** One template with every item. */
  project: ArmTemplate;
  /** One template per item, named after its source file. */
  items: { file: string; name: string; template: ArmTemplate }[];
  problems: PublishProblem[];
}

export interface ArmTemplateOptions {
  /** Include Sentinel metadata marking the items as this project's (omit for Sentinel Repositories). */
  sourceId?: string;
  /**
   * An environment of kqlc.yaml whose choices apply: its selection, rule overrides and named values (its
   * workspace is not used: templates take it as a parameter). Without one, every item, each rule as
   * written, and the project-wide named values.
   */
  environment?: EnvironmentConfig;
}

const TEMPLATE_TARGET = {
  subscriptionId: 'template',
  resourceGroup: 'template',
  workspace: 'template',
  location: 'template',
};

/** ARM templates of the project: the same bodies publish sends. Pure; undefined-free JSON. */
export function projectArmTemplates(project: Project, options: ArmTemplateOptions = {}): ArmTemplates {
  // Workbooks need an environment to be built; a stand-in one is used, and the template replaces what
  // depends on it (location, sourceId) with expressions.
  const env = options.environment;
  const target: EnvironmentConfig = env ? { ...env, ...TEMPLATE_TARGET } : TEMPLATE_TARGET;
  const { desired, problems } = desiredResources(project, target, env);
  const templated = desired;
  const templateOptions = options.sourceId === undefined ? {} : { sourceId: options.sourceId };
  const items = templated.map((d) => ({
    file: d.file,
    name: d.resource.name,
    template: buildArmTemplate([d], templateOptions),
  }));
  return { project: buildArmTemplate(templated, templateOptions), items, problems };
}

/**
 * Writes `<out>/project.json` and `<out>/<item file path>.json` (e.g. `analytics/teams/x.json`). Refuses
 * (writes nothing, returns the problems) when the content has errors.
 */
export async function writeArmTemplates(
  project: Project,
  outDir: string,
  options: ArmTemplateOptions = {},
): Promise<{ written: string[]; problems: PublishProblem[] }> {
  const templates = projectArmTemplates(project, options);
  if (templates.problems.some((p) => p.severity === 'error'))
    return { written: [], problems: templates.problems };
  const written: string[] = [];
  const write = async (relative: string, template: ArmTemplate) => {
    const full = path.join(outDir, relative);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, `${JSON.stringify(template, null, 2)}\n`);
    written.push(relative);
  };
  await write('project.json', templates.project);
  for (const item of templates.items) await write(item.file.replace(/\.ya?ml$/i, '.json'), item.template);
  return { written, problems: templates.problems };
}
