import { buildAlertRule } from '../build/alert-rule.js';
import type { EnvironmentConfig } from '../config/schema.js';
import type { AnalyticItem, Project } from '../model/content.js';
import { type ApplyOptions, type ApplyResult, applyPlan } from './apply.js';
import { type DesiredAlertRule, type PlanEntry, planAlertRules } from './plan.js';
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
  desired: DesiredAlertRule[];
  problems: PublishProblem[];
} {
  const problems: PublishProblem[] = [];
  const desired: DesiredAlertRule[] = [];
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
  const analytics = project.items.filter((i): i is AnalyticItem => i.kind === 'analytic');

  const byId = new Map<string, AnalyticItem[]>();
  for (const item of analytics) {
    const key = (item.id ?? '').toLowerCase();
    byId.set(key, [...(byId.get(key) ?? []), item]);
  }

  for (const item of analytics) {
    const file = item.source.file.path;
    const contentId = item.id;
    if (filesWithErrors.has(file)) continue;
    if (!item.id) {
      problems.push({ severity: 'error', file, message: 'the rule has no id' });
      continue;
    }
    const same = byId.get(item.id.toLowerCase()) ?? [];
    if (same.length > 1) {
      const others = same.filter((o) => o !== item).map((o) => o.source.file.path);
      problems.push({ severity: 'error', file, contentId, message: `id also used by ${others.join(', ')}` });
      continue;
    }
    const built = buildAlertRule(item.doc);
    for (const issue of built.issues) {
      problems.push({ severity: issue.severity, file, contentId, path: issue.path, message: issue.message });
    }
    if (built.resource) desired.push({ type: 'alertRule', resource: built.resource, file });
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
  const current = await options.client.listAlertRules();
  return { environment, target, entries: planAlertRules(desired, current), problems };
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
