import type { AlertRuleResource } from '../build/alert-rule.js';
import { durationSeconds } from '../build/duration.js';
import type { RemoteAlertRule } from './sentinel-client.js';

/** A resource kqlc wants in the workspace, with where it comes from. */
export interface DesiredAlertRule {
  type: 'alertRule';
  resource: AlertRuleResource;
  /** Project-relative file of the content item. */
  file: string;
}

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
  type: 'alertRule';
  /** Resource name (the content id). */
  name: string;
  displayName: string;
  file: string;
  desired: AlertRuleResource;
  current?: RemoteAlertRule;
  /** For update and replace: what differs, among the fields kqlc sends. */
  changes: FieldChange[];
}

/** Fields kqlc owns even when it does not send them: absent in the desired body means "should be empty". */
const OWNED_OPTIONAL = [
  'description',
  'tactics',
  'techniques',
  'entityMappings',
  'customDetails',
  'alertDetailsOverride',
  'templateVersion',
];

/** Fields whose values are ISO 8601 durations, compared by length (the service may write PT1H as PT60M). */
const DURATION_KEYS = new Set(['queryFrequency', 'queryPeriod', 'suppressionDuration', 'lookbackDuration']);

/**
 * Desired resources against what the workspace holds. Pure. Compares only what kqlc sends (and the optional
 * fields it owns), so what the service adds (`etag`, `lastModifiedUtc`, `alertRuleTemplateName`, nulls for
 * absent fields) never makes a difference. Resources in the workspace that kqlc does not describe are not
 * listed: deleting them is prune's decision, not plan's.
 */
export function planAlertRules(desired: DesiredAlertRule[], current: RemoteAlertRule[]): PlanEntry[] {
  const byName = new Map(current.map((r) => [r.name.toLowerCase(), r]));
  return desired.map(({ resource, file }) => {
    const found = byName.get(resource.name.toLowerCase());
    const base = {
      type: 'alertRule' as const,
      name: resource.name,
      displayName: resource.properties.displayName,
    };
    if (!found) return { ...base, action: 'create', file, desired: resource, changes: [] };
    const changes = diffAlertRule(resource, found);
    const action: PlanAction =
      found.kind !== resource.kind ? 'replace' : changes.length > 0 ? 'update' : 'unchanged';
    return { ...base, action, file, desired: resource, current: found, changes };
  });
}

/** The fields in which `current` differs from `desired`, after normalising both. */
export function diffAlertRule(desired: AlertRuleResource, current: RemoteAlertRule): FieldChange[] {
  const changes: FieldChange[] = [];
  if (desired.kind !== current.kind)
    changes.push({ path: 'kind', before: current.kind, after: desired.kind });
  const keys = new Set([...Object.keys(desired.properties), ...OWNED_OPTIONAL]);
  const want = desired.properties as unknown as Record<string, unknown>;
  for (const key of keys) diffValue(`properties.${key}`, key, want[key], current.properties[key], changes);
  return changes;
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
    return value.map((v) => normalise('', v));
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
