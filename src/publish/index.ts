import path from 'node:path';
import { type AlertRuleResource, buildAlertRule } from '../build/alert-rule.js';
import { buildHuntingSearch, buildParserSearch, type SavedSearchResource } from '../build/saved-search.js';
import { buildWorkbook, type WorkbookResource } from '../build/workbook.js';
import type { EnvironmentConfig } from '../config/schema.js';
import { codes } from '../diagnostics/codes.js';
import type { ContentItem, Project } from '../model/content.js';
import { type ApplyOptions, type ApplyResult, applyPlan } from './apply.js';
import { applyEnvironment, environmentName, isSelected, unknownOverrides } from './environment.js';
import { type DesiredResource, type PlanEntry, planResources } from './plan.js';
import type { SentinelClient } from './sentinel-client.js';

export * from './apply.js';
export * from './arm-templates.js';
export * from './credential.js';
export * from './environment.js';
export * from './format.js';
export * from './plan.js';
export * from './sentinel-client.js';
export * from './trace.js';

/** Something that keeps a content item from being published. */
export interface PublishProblem {
  severity: 'error' | 'warning';
  /** Project-relative file of the item. */
  file: string;
  contentId?: string;
  /** The field of the item, dotted, when the problem is in one. */
  path?: string;
  /** A diagnostic code: a load diagnostic's own, else KQLC6xxx (or KQLC4002 for a duplicate id). */
  code?: string;
  line?: number;
  column?: number;
  message: string;
}

export interface PublishPlan {
  environment: string;
  target: EnvironmentConfig;
  entries: PlanEntry[];
  /** Errors keep the item (and, for apply, the whole publish) back; warnings do not. */
  problems: PublishProblem[];
}

export interface PublishReport {
  plan: PublishPlan;
  results: ApplyResult[];
  /** True when the plan had errors, so nothing was written. */
  blocked: boolean;
  /** True when nothing was blocked and every entry was applied or unchanged. */
  ok: boolean;
}

/** A problem with the request itself (an unknown environment): the CLI's exit code 2. */
export class PublishUsageError extends Error {}

export interface PlanPublishOptions {
  client: SentinelClient;
  /**
   * The project's id in the Sentinel metadata kqlc writes next to each item; prune deletes only items whose
   * metadata carries it. Default: the name of the project folder. Keep it stable once published.
   */
  sourceId?: string;
  /** Also plan deletes of items this project published and no longer has (requires metadata). */
  prune?: boolean;
}

/** The source id used when none is given: the project folder's name. */
export function defaultSourceId(project: Project): string {
  return path.basename(project.root);
}

/** The environment named `name` in kqlc.yaml. */
export function environmentOf(project: Project, name: string): EnvironmentConfig {
  const env = project.config.environments[name];
  if (!env) {
    const known = Object.keys(project.config.environments);
    throw new PublishUsageError(
      `unknown environment '${name}'; ${known.length ? `kqlc.yaml defines ${known.join(', ')}` : 'kqlc.yaml defines no environments'}`,
    );
  }
  return env;
}

/** The resources the project wants in a workspace, and why some items cannot be built. Pure. */
export function desiredResources(
  project: Project,
  /** The environment, for what depends on it (a workbook's location and workspace); without it, workbooks
   * are left out with a warning. */
  target?: EnvironmentConfig,
  /** The environment of kqlc.yaml whose choices apply, when not `target` itself (ARM templates). */
  choices: EnvironmentConfig | undefined = target,
): {
  desired: DesiredResource[];
  problems: PublishProblem[];
} {
  const problems: PublishProblem[] = [];
  const desired: DesiredResource[] = [];
  // A file that failed to load may have produced no item at all: its rule must not silently drop out of
  // the plan, so every load error is a problem, and any error blocks apply.
  const loadErrors = project.diagnostics.filter((d) => d.severity === 'error');
  for (const d of loadErrors) {
    const problem: PublishProblem = { severity: 'error', file: d.file, code: d.code, message: d.message };
    if (d.contentId) problem.contentId = d.contentId;
    if (d.start) {
      problem.line = d.start.line;
      problem.column = d.start.column;
    }
    problems.push(problem);
  }
  const filesWithErrors = new Set(loadErrors.map((d) => d.file));

  // Resource names are content ids, so an id must be unique across the project, whatever the kind.
  const byId = new Map<string, ContentItem[]>();
  for (const item of project.items) {
    const key = (item.id ?? '').toLowerCase();
    byId.set(key, [...(byId.get(key) ?? []), item]);
  }

  const envName = environmentName(project.config, choices);
  for (const id of unknownOverrides(project, choices)) {
    problems.push({
      severity: 'warning',
      file: project.config.file ?? 'kqlc.yaml',
      code: codes.ruleOverrideUnknown.code,
      path: `rules.overrides.${id}`,
      message: `${envName} overrides rule ${id}, which the project does not have`,
    });
  }

  for (const item of project.items) {
    const file = item.source.file.path;
    const contentId = item.id;
    if (filesWithErrors.has(file) || !isSelected(choices, item)) continue;
    if (item.kind === 'workbook' && !target) {
      problems.push({
        severity: 'warning',
        file,
        contentId,
        code: codes.workbookNeedsEnvironment.code,
        message: 'left out: workbooks need an environment',
      });
      continue;
    }
    if (!item.id) {
      problems.push({
        severity: 'error',
        file,
        code: codes.buildInvalid.code,
        message: `the ${item.kind} has no id`,
      });
      continue;
    }
    const same = byId.get(item.id.toLowerCase()) ?? [];
    if (same.length > 1) {
      const others = same.filter((o) => o !== item).map((o) => o.source.file.path);
      problems.push({
        severity: 'error',
        file,
        contentId,
        code: codes.idDuplicate.code,
        ...at(item, 'id'),
        message: `id also used by ${others.join(', ')}`,
      });
      continue;
    }
    const built =
      item.kind === 'analytic'
        ? buildAlertRule(item.doc)
        : item.kind === 'hunting'
          ? buildHuntingSearch(item)
          : item.kind === 'parser'
            ? buildParserSearch(item)
            : buildWorkbook(item, target!);
    for (const issue of built.issues) {
      problems.push({
        severity: issue.severity,
        file,
        contentId,
        code: codes.buildInvalid.code,
        path: issue.path,
        ...at(item, issue.path),
        message: issue.message,
      });
    }
    if (!built.resource) continue;
    for (const issue of applyEnvironment(project, choices, item, built.resource)) {
      const problem: PublishProblem = {
        severity: issue.severity,
        file,
        contentId,
        code: issue.code,
        message: issue.message,
      };
      if (issue.path) problem.path = issue.path;
      if (issue.line !== undefined) {
        problem.line = issue.line;
        problem.column = issue.column;
      }
      problems.push(problem);
    }
    const version = item.kind === 'parser' ? item.version : item.doc.version;
    const entry: DesiredResource =
      item.kind === 'analytic'
        ? { type: 'alertRule', role: 'analytic', resource: built.resource as AlertRuleResource, file }
        : item.kind === 'workbook'
          ? { type: 'workbook', role: 'workbook', resource: built.resource as WorkbookResource, file }
          : { type: 'savedSearch', role: item.kind, resource: built.resource as SavedSearchResource, file };
    if (version !== undefined) entry.version = String(version);
    desired.push(entry);
  }
  desired.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { desired, problems };
}

/**
 * Where a dotted field of the item is in its file (the nearest enclosing node that exists); nothing for a
 * field the file does not have (a workbook's `location` comes from the environment).
 */
function at(item: ContentItem, dotted: string): { line?: number; column?: number } {
  const path = dotted.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  while (path.length > 0 && !item.source.node(path)) path.pop();
  if (path.length === 0) return {};
  const { start } = item.source.span(path);
  return { line: start.line, column: start.column };
}

/** Reads the workspace and compares it with the project: what publish would do. Makes no write. */
export async function planPublish(
  project: Project,
  environment: string,
  options: PlanPublishOptions,
): Promise<PublishPlan> {
  const target = environmentOf(project, environment);
  const { desired, problems } = desiredResources(project, target);
  const wants = (type: DesiredResource['type']) => desired.some((d) => d.type === type);
  // Lists only what the project publishes: a project of rules needs no Log Analytics read permission.
  // Prune must see every type, since what is to be deleted is no longer among the desired ones.
  const prune = options.prune === true;
  const [alertRules, savedSearches, workbooks, metadata] = await Promise.all([
    prune || wants('alertRule') ? options.client.listAlertRules() : [],
    prune || wants('savedSearch') ? options.client.listSavedSearches() : [],
    prune || wants('workbook') ? options.client.listWorkbooks() : [],
    options.client.listMetadata(),
  ]);
  const entries = planResources(
    desired,
    { alertRules, savedSearches, workbooks, metadata },
    { workspace: target, sourceId: options.sourceId ?? defaultSourceId(project), prune },
  );
  return { environment, target, entries, problems };
}

export interface ApplyPublishOptions extends PlanPublishOptions, ApplyOptions {
  /** A plan computed just before (e.g. shown to the user); computed afresh when absent. */
  plan?: PublishPlan;
}

/**
 * Plans and applies. With any error in the plan's problems nothing is written: a project with a broken rule
 * is not half-published. Unchanged content makes no write.
 */
export async function applyPublish(
  project: Project,
  environment: string,
  options: ApplyPublishOptions,
): Promise<PublishReport> {
  let plan = options.plan;
  if (!plan) {
    // Content errors are known before any request: a blocked publish does not even read the workspace.
    const target = environmentOf(project, environment);
    const { problems } = desiredResources(project, target);
    if (problems.some((p) => p.severity === 'error')) {
      return { plan: { environment, target, entries: [], problems }, results: [], blocked: true, ok: false };
    }
    plan = await planPublish(project, environment, options);
  }
  if (plan.problems.some((p) => p.severity === 'error')) {
    return { plan, results: [], blocked: true, ok: false };
  }
  const applyOptions: ApplyOptions = {};
  if (options.concurrency !== undefined) applyOptions.concurrency = options.concurrency;
  if (options.onResult) applyOptions.onResult = options.onResult;
  if (options.force) applyOptions.force = true;
  const results = await applyPlan(plan.entries, options.client, applyOptions);
  const ok = results.every((r) => r.status !== 'failed' && r.status !== 'conflict');
  return { plan, results, blocked: false, ok };
}
