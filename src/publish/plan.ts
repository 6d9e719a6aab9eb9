import type { AlertRuleResource } from '../build/alert-rule.js';
import { durationSeconds } from '../build/duration.js';
import type { SavedSearchResource } from '../build/saved-search.js';
import type { RemoteResource } from './sentinel-client.js';

export type ResourceType = 'alertRule' | 'savedSearch';
/** What the resource is to the user: an analytic rule, or a saved search that is a hunting query or a parser. */
export type ContentRole = 'analytic' | 'hunting' | 'parser';

/** A resource kqlc wants in the workspace, with where it comes from. */
export type DesiredResource =
  | { type: 'alertRule'; role: 'analytic'; resource: AlertRuleResource; file: string }
  | { type: 'savedSearch'; role: 'hunting' | 'parser'; resource: SavedSearchResource; file: string };

/** A desired alert rule. */
export type DesiredAlertRule = Extract<DesiredResource, { type: 'alertRule' }>;

export type PlanAction = 'create' | 'update' | 'replace' | 'unchanged';

export interface FieldChange {
  /** Dotted path inside the resource, e.g. `properties.query`. */
  path: string;
  /** Undefined when absent. */
  before: unknown;
  after: unknown;
}

export interface PlanEntry {
  action: PlanAction;
  type: ResourceType;
  role: ContentRole;
  /** Resource name (the content id). */
  name: string;
  displayName: string;
  file: string;
  desired: AlertRuleResource | SavedSearchResource;
  current?: RemoteResource;
  /** For update and replace: what differs, among the fields kqlc sends. */
  changes: FieldChange[];
  /** Apply order: parsers (0) before the queries and rules that call them (1). */
  phase: number;
}

/** What the workspace holds, as listed. */
export interface CurrentResources {
  alertRules: RemoteResource[];
  savedSearches: RemoteResource[];
}

/** Fields kqlc owns even when it does not send them: absent in the desired body means "should be empty". */
const OWNED_OPTIONAL: Record<ResourceType, string[]> = {
  alertRule: [
    'description',
    'tactics',
    'techniques',
    'entityMappings',
    'customDetails',
    'alertDetailsOverride',
    'templateVersion',
  ],
  savedSearch: ['functionAlias', 'functionParameters', 'tags'],
};

/** Fields whose values are ISO 8601 durations, compared by length (the service may write PT1H as PT60M). */
const DURATION_KEYS = new Set(['queryFrequency', 'queryPeriod', 'suppressionDuration', 'lookbackDuration']);

/**
 * Desired resources against what the workspace holds. Pure. Compares only what kqlc sends (and the optional
 * fields it owns), so what the service adds (`etag`, `lastModifiedUtc`, `alertRuleTemplateName`, nulls for
 * absent fields) never makes a difference. Resources in the workspace that kqlc does not describe are not
 * listed: deleting them is prune's decision, not plan's.
 */
export function planResources(desired: readonly DesiredResource[], current: CurrentResources): PlanEntry[] {
  const index = (list: RemoteResource[]) => new Map(list.map((r) => [r.name.toLowerCase(), r]));
  const byType: Record<ResourceType, Map<string, RemoteResource>> = {
    alertRule: index(current.alertRules),
    savedSearch: index(current.savedSearches),
  };
  return desired.map((d) => {
    const { resource, file, type, role } = d;
    const found = byType[type].get(resource.name.toLowerCase());
    const base = {
      type,
      role,
      name: resource.name,
      displayName: resource.properties.displayName,
      file,
      desired: resource,
      phase: role === 'parser' ? 0 : 1,
    };
    if (!found) return { ...base, action: 'create', changes: [] };
    const changes = diffResource(type, resource, found);
    const kind = 'kind' in resource ? resource.kind : undefined;
    const action: PlanAction = found.kind !== kind ? 'replace' : changes.length > 0 ? 'update' : 'unchanged';
    return { ...base, action, current: found, changes };
  });
}

/** Alert rules only: `planResources` with no saved searches. */
export function planAlertRules(desired: readonly DesiredAlertRule[], current: RemoteResource[]): PlanEntry[] {
  return planResources(desired, { alertRules: current, savedSearches: [] });
}

/** The fields in which `current` differs from `desired`, after normalising both. */
export function diffResource(
  type: ResourceType,
  desired: AlertRuleResource | SavedSearchResource,
  current: RemoteResource,
): FieldChange[] {
  const changes: FieldChange[] = [];
  const kind = 'kind' in desired ? desired.kind : undefined;
  if (kind !== current.kind) changes.push({ path: 'kind', before: current.kind, after: kind });
  const want = desired.properties as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(want), ...OWNED_OPTIONAL[type]]);
  for (const key of keys) diffValue(`properties.${key}`, key, want[key], current.properties[key], changes);
  return changes;
}

export function diffAlertRule(desired: AlertRuleResource, current: RemoteResource): FieldChange[] {
  return diffResource('alertRule', desired, current);
}

function diffValue(path: string, key: string, after: unknown, before: unknown, out: FieldChange[]): void {
  if (isPlainObject(after) && isPlainObject(before)) {
    // Inside a field kqlc sends, every key is kqlc's: one the service keeps but we no longer send is a change.
    for (const k of new Set([...Object.keys(after), ...Object.keys(before)])) {
      diffValue(`${path}.${k}`, k, after[k], before[k], out);
    }
    return;
  }
  if (!deepEqual(normalise(key, after), normalise(key, before))) {
    out.push({ path, before: clean(before), after: clean(after) });
  }
}

/** Null, [], {} and '' mean "nothing"; durations become seconds; line ends become \n. */
function normalise(key: string, value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    const items = value.map((v) => normalise('', v));
    // Saved search tags are a set of name/value pairs; the service need not keep their order.
    if (key === 'tags') items.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    return items;
  }
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const n = normalise(k, v);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  if (typeof value === 'string') {
    if (DURATION_KEYS.has(key)) {
      const seconds = durationSeconds(value);
      if (seconds !== undefined) return { durationSeconds: seconds };
    }
    return value.replace(/\r\n/g, '\n');
  }
  return value;
}

function clean(value: unknown): unknown {
  return value === null ? undefined : value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** How many entries of each action: the plan's one-line summary. */
export function countActions(entries: readonly PlanEntry[]): Record<PlanAction, number> {
  const counts: Record<PlanAction, number> = { create: 0, update: 0, replace: 0, unchanged: 0 };
  for (const e of entries) counts[e.action]++;
  return counts;
}
