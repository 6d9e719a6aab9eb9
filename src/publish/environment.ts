/**
 * What an environment of kqlc.yaml changes in what is published: which items (`include`/`exclude`), rules
 * enabled or not and their severity (`rules`), and the named values substituted into queries (`values`).
 * Pure.
 */
import type { AlertRuleResource } from '../build/alert-rule.js';
import type { ProjectConfig } from '../config/config.js';
import type { EnvironmentConfig } from '../config/schema.js';
import { environmentSelects } from '../config/select.js';
import { codes } from '../diagnostics/codes.js';
import { environmentValues, NAMED_VALUE_KINDS, substitute, writtenQuery } from '../load/named-values.js';
import type { ContentItem, Project } from '../model/content.js';
import type { ItemResource } from './plan.js';

/** A problem of the environment's choices with one item (or with kqlc.yaml when `item` is absent). */
export interface EnvironmentIssue {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  path?: string;
  line?: number;
  column?: number;
}

/** The environment's name in kqlc.yaml, for messages ('the environment' when it is not one of them). */
export function environmentName(config: ProjectConfig, target: EnvironmentConfig | undefined): string {
  const found = Object.entries(config.environments).find(([, e]) => e === target);
  return found ? `environment '${found[0]}'` : 'the project-wide values';
}

/** Whether the environment publishes the item; without an environment, every item. */
export function isSelected(target: EnvironmentConfig | undefined, item: ContentItem): boolean {
  return target ? environmentSelects(target, item) : true;
}

/**
 * Applies the environment to a built resource, in place: named values into the query (a name without a
 * value is an error at its placeholder), and for an analytic rule `enabled` and `severity`.
 */
export function applyEnvironment(
  project: Project,
  target: EnvironmentConfig | undefined,
  item: ContentItem,
  resource: ItemResource,
): EnvironmentIssue[] {
  const issues: EnvironmentIssue[] = [];
  if (NAMED_VALUE_KINDS.has(item.kind)) {
    const props = resource.properties as { query: string };
    const s = substitute(props.query, environmentValues(project.config, target));
    props.query = s.text;
    const written = writtenQuery(item);
    for (const p of s.missing) {
      const issue: EnvironmentIssue = {
        severity: 'error',
        code: codes.namedValueNoEnvironmentValue.code,
        path: 'query',
        message: `named value '${p.name}' has no value in ${environmentName(project.config, target)}`,
      };
      // The built query is the query as written, so the placeholder's offsets are the written query's.
      const at = written.fileOffset(p.start);
      const { start } = item.source.spanOf(at, at);
      issue.line = start.line;
      issue.column = start.column;
      issues.push(issue);
    }
  }
  if (item.kind === 'analytic' && target?.rules) {
    const props = (resource as AlertRuleResource).properties;
    const override = ruleOverride(target, item.id);
    const enabled = override?.enabled ?? target.rules.enabled;
    if (enabled !== undefined) props.enabled = enabled;
    if (override?.severity) props.severity = override.severity;
  }
  return issues;
}

function ruleOverride(target: EnvironmentConfig, id: string) {
  const overrides = target.rules?.overrides ?? {};
  const key = Object.keys(overrides).find((k) => k.toLowerCase() === id.toLowerCase());
  return key === undefined ? undefined : overrides[key];
}

/** Rule overrides naming no analytic rule of the project (a typo, or a rule since removed): warnings. */
export function unknownOverrides(project: Project, target: EnvironmentConfig | undefined): string[] {
  const ids = new Set(project.items.filter((i) => i.kind === 'analytic').map((i) => i.id.toLowerCase()));
  return Object.keys(target?.rules?.overrides ?? {}).filter((k) => !ids.has(k.toLowerCase()));
}
