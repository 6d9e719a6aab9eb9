import { type AlertRuleResource, buildAlertRule } from '../build/alert-rule.js';
import { buildHuntingSearch, buildParserSearch, type SavedSearchResource } from '../build/saved-search.js';
import type { EnvironmentConfig } from '../config/schema.js';
import type { ContentItem, Project } from '../model/content.js';
import { type ApplyOptions, type ApplyResult, applyPlan } from './apply.js';
import { type DesiredResource, type PlanEntry, planResources } from './plan.js';
import type { SentinelClient } from './sentinel-client.js';

export * from './apply.js';
export * from './credential.js';
export * from './format.js';
export * from './plan.js';
export * from './sentinel-client.js';

/** Something that keeps a content item from being published. */
export interface PublishProblem {
  severity: 'error' | 'warning';
  /** Project-relative file of the item. */
  file: string;
  contentId?: string;
  /** The field of the item, dotted, when the problem is in one. */
  path?: string;
  /** For a load diagnostic: its code and position. */
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
export function desiredResources(project: Project): {
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

  for (const item of project.items) {
    const file = item.source.file.path;
    const contentId = item.id;
    if (filesWithErrors.has(file)) continue;
    if (!item.id) {
      problems.push({ severity: 'error', file, message: `the ${item.kind} has no id` });
      continue;
    }
    const same = byId.get(item.id.toLowerCase()) ?? [];
    if (same.length > 1) {
      const others = same.filter((o) => o !== item).map((o) => o.source.file.path);
      problems.push({ severity: 'error', file, contentId, message: `id also used by ${others.join(', ')}` });
      continue;
    }
    const built =
      item.kind === 'analytic'
        ? buildAlertRule(item.doc)
        : item.kind === 'hunting'
          ? buildHuntingSearch(item)
          : buildParserSearch(item);
    for (const issue of built.issues) {
      problems.push({ severity: issue.severity, file, contentId, path: issue.path, message: issue.message });
    }
    if (!built.resource) continue;
    if (item.kind === 'analytic') {
      desired.push({
        type: 'alertRule',
        role: 'analytic',
        resource: built.resource as AlertRuleResource,
        file,
      });
    } else {
      desired.push({
        type: 'savedSearch',
        role: item.kind,
        resource: built.resource as SavedSearchResource,
        file,
      });
    }
  }
  desired.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { desired, problems };
}

/** Reads the workspace and compares it with the project: what publish would do. Makes no write. */
export async function planPublish(
  project: Project,
  environment: string,
  options: PlanPublishOptions,
): Promise<PublishPlan> {
  const target = environmentOf(project, environment);
  const { desired, problems } = desiredResources(project);
  const wants = (type: DesiredResource['type']) => desired.some((d) => d.type === type);
  // Lists only what the project publishes: a project of rules needs no Log Analytics read permission.
  const [alertRules, savedSearches] = await Promise.all([
    wants('alertRule') ? options.client.listAlertRules() : [],
    wants('savedSearch') ? options.client.listSavedSearches() : [],
  ]);
  return { environment, target, entries: planResources(desired, { alertRules, savedSearches }), problems };
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
    const { problems } = desiredResources(project);
    if (problems.some((p) => p.severity === 'error')) {
      const target = environmentOf(project, environment);
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
  const results = await applyPlan(plan.entries, options.client, applyOptions);
  const ok = results.every((r) => r.status !== 'failed' && r.status !== 'conflict');
  return { plan, results, blocked: false, ok };
}
