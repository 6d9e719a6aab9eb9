import { createHash } from 'node:crypto';
import type { AlertRuleResource } from '../build/alert-rule.js';
import {
  buildMetadata,
  isManagedBy,
  itemIdPrefixes,
  type MetadataResource,
  type WorkspaceIds,
} from '../build/metadata.js';
import type { SavedSearchResource } from '../build/saved-search.js';
import type { WorkbookResource } from '../build/workbook.js';
import { durationSeconds } from '../model/duration.js';
import { assignPhases } from './plan.order.js';
import type { RemoteResource } from './sentinel-client.js';

export type ResourceType = 'alertRule' | 'savedSearch' | 'workbook';
/** What the resource is to the user: an analytic rule, a saved search (hunting query or parser), a workbook. */
export type ContentRole = 'analytic' | 'hunting' | 'parser' | 'workbook';

/** The body of any resource kqlc publishes. */
export type ItemResource = AlertRuleResource | SavedSearchResource | WorkbookResource;

/** A resource kqlc wants in the workspace, with where it comes from. */
export type DesiredResource =
  | { type: 'alertRule'; role: 'analytic'; resource: AlertRuleResource; file: string; version?: string }
  | {
      type: 'savedSearch';
      role: 'hunting' | 'parser';
      resource: SavedSearchResource;
      file: string;
      version?: string;
    }
  | { type: 'workbook'; role: 'workbook'; resource: WorkbookResource; file: string; version?: string };

/** A desired alert rule. */
export type DesiredAlertRule = Extract<DesiredResource, { type: 'alertRule' }>;

export type PlanAction = 'create' | 'update' | 'replace' | 'unchanged' | 'delete';

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
  /** The item's file; for a delete, the item is gone from the project and this is empty. */
  file: string;
  /** Absent only for a delete. */
  desired?: ItemResource;
  current?: RemoteResource;
  /** For update and replace: what differs in the resource, among the fields kqlc sends. */
  changes: FieldChange[];
  /** The item's Sentinel metadata, when the plan manages metadata: what to write, and what differs. */
  metadata?: { desired?: MetadataResource; current?: RemoteResource; changes: FieldChange[] };
  /**
   * True when the item in the workspace is no longer what this project last published: someone edited it
   * (in the portal, by hand) since. An update overwrites those edits; the plan says so.
   */
  drift?: boolean;
  /**
   * Apply order, lowest first: a parser after the parsers it calls, every parser before rules and hunting
   * queries; deletes after every write, rules and hunting queries first, then each parser before the
   * parsers it calls.
   */
  phase: number;
}

/** With a workspace and the project's source id, the plan also manages Sentinel metadata, and can prune. */
export interface PlanOptions {
  workspace?: WorkspaceIds;
  sourceId?: string;
  /** Delete what this project's metadata marks as published by it and that is no longer in the project. */
  prune?: boolean;
}

/** What the workspace holds, as listed. */
export interface CurrentResources {
  alertRules: RemoteResource[];
  savedSearches: RemoteResource[];
  workbooks?: RemoteResource[];
  metadata?: RemoteResource[];
}

/** Fields kqlc owns even when it does not send them: absent in the desired body means "should be empty". */
const OWNED_OPTIONAL: Record<ResourceType, string[]> = {
  alertRule: [
    'description',
    'tactics',
    'techniques',
    'subTechniques',
    'entityMappings',
    'customDetails',
    'alertDetailsOverride',
    'templateVersion',
  ],
  savedSearch: ['functionAlias', 'functionParameters', 'tags'],
  workbook: ['description'],
};

/** Fields whose values are ISO 8601 durations, compared by length (the service may write PT1H as PT60M). */
const DURATION_KEYS = new Set(['queryFrequency', 'queryPeriod', 'suppressionDuration', 'lookbackDuration']);

/**
 * Desired resources against what the workspace holds. Pure. Compares only what kqlc sends (and the optional
 * fields it owns), so what the service adds (`etag`, `lastModifiedUtc`, `alertRuleTemplateName`, nulls for
 * absent fields) never makes a difference. Resources in the workspace that kqlc does not describe are not
 * listed: deleting them is prune's decision, not plan's.
 */
export function planResources(
  desired: readonly DesiredResource[],
  current: CurrentResources,
  options: PlanOptions = {},
): PlanEntry[] {
  const index = (list: RemoteResource[]) => new Map(list.map((r) => [r.name.toLowerCase(), r]));
  const byType: Record<ResourceType, Map<string, RemoteResource>> = {
    alertRule: index(current.alertRules),
    savedSearch: index(current.savedSearches),
    workbook: index(current.workbooks ?? []),
  };
  const metadata = index(current.metadata ?? []);
  const { workspace, sourceId } = options;
  const entries: PlanEntry[] = desired.map((d) => {
    const { resource, file, type, role } = d;
    const found = byType[type].get(resource.name.toLowerCase());
    const entry: PlanEntry = {
      action: 'create',
      type,
      role,
      name: resource.name,
      displayName: resource.properties.displayName,
      file,
      desired: resource,
      changes: [],
      phase: role === 'parser' ? 0 : 1,
    };
    if (workspace && sourceId !== undefined) {
      const meta: { role: ContentRole; type: ResourceType; contentId: string; version?: string } = {
        role,
        type,
        contentId: resource.name,
      };
      if (d.version !== undefined) meta.version = d.version;
      const want = buildMetadata(meta, workspace, sourceId);
      // What was published, as a fingerprint, so a later edit in the portal can be told from a content change.
      want.properties.customVersion = `${FINGERPRINT_PREFIX}${fingerprint(type, resource.properties)}`;
      const have = metadata.get(want.name.toLowerCase());
      const changes: FieldChange[] = [];
      if (have) {
        const props = want.properties as unknown as Record<string, unknown>;
        for (const key of new Set([...Object.keys(props), 'version'])) {
          diffValue(`metadata.${key}`, key, props[key], have.properties[key], changes);
        }
      }
      entry.metadata = have ? { desired: want, current: have, changes } : { desired: want, changes };
    }
    if (!found) return entry;
    entry.current = found;
    entry.changes = diffResource(type, resource, found);
    const kind = 'kind' in resource ? resource.kind : undefined;
    const metadataStale =
      entry.metadata !== undefined && (!entry.metadata.current || entry.metadata.changes.length > 0);
    entry.action =
      found.kind !== kind ? 'replace' : entry.changes.length > 0 || metadataStale ? 'update' : 'unchanged';
    const published = entry.metadata?.current?.properties.customVersion;
    if (
      entry.changes.length > 0 &&
      typeof published === 'string' &&
      published.startsWith(FINGERPRINT_PREFIX) &&
      published !== `${FINGERPRINT_PREFIX}${fingerprint(type, found.properties)}`
    ) {
      entry.drift = true;
    }
    return entry;
  });
  if (options.prune && workspace && sourceId !== undefined) {
    entries.push(...planPrune(desired, current, byType, workspace, sourceId));
  }
  assignPhases(entries);
  return entries;
}

const KIND_TO_ITEM: Record<string, { type: ResourceType; role: ContentRole }> = {
  AnalyticsRule: { type: 'alertRule', role: 'analytic' },
  HuntingQuery: { type: 'savedSearch', role: 'hunting' },
  Parser: { type: 'savedSearch', role: 'parser' },
  Workbook: { type: 'workbook', role: 'workbook' },
};

/**
 * Deletes for prune: only items whose metadata carries this project's source, that the project no longer
 * has, and whose parent is in this very workspace. Nothing without our metadata is ever a candidate.
 */
function planPrune(
  desired: readonly DesiredResource[],
  current: CurrentResources,
  byType: Record<ResourceType, Map<string, RemoteResource>>,
  workspace: WorkspaceIds,
  sourceId: string,
): PlanEntry[] {
  const wanted = new Set(desired.map((d) => d.resource.name.toLowerCase()));
  const prefixes = itemIdPrefixes(workspace);
  const out: PlanEntry[] = [];
  for (const m of current.metadata ?? []) {
    if (!isManagedBy(m.properties.source, sourceId)) continue;
    const item = KIND_TO_ITEM[String(m.properties.kind)];
    const parentId = String(m.properties.parentId ?? '');
    const contentId = String(m.properties.contentId ?? '');
    if (
      !item ||
      !prefixes.some((p) => parentId.toLowerCase().startsWith(p)) ||
      wanted.has(contentId.toLowerCase())
    )
      continue;
    const name = parentId.slice(parentId.lastIndexOf('/') + 1);
    const found = byType[item.type].get(name.toLowerCase());
    const entry: PlanEntry = {
      action: 'delete',
      ...item,
      name,
      displayName: String(found?.properties.displayName ?? contentId),
      file: '',
      changes: [],
      metadata: { current: m, changes: [] },
      phase: item.role === 'parser' ? 3 : 2,
    };
    if (found) entry.current = found;
    out.push(entry);
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Alert rules only: `planResources` with no saved searches. */
export function planAlertRules(desired: readonly DesiredAlertRule[], current: RemoteResource[]): PlanEntry[] {
  return planResources(desired, { alertRules: current, savedSearches: [] });
}

/** The fields in which `current` differs from `desired`, after normalising both. */
export function diffResource(
  type: ResourceType,
  desired: ItemResource,
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
    // ARM resource ids compare without regard to case (the service may write `resourcegroups`).
    if (key === 'parentId' || key === 'sourceId') return value.toLowerCase();
    // A workbook's content is JSON in a string: compared as JSON, so formatting is no change.
    if (key === 'serializedData') {
      try {
        return normalise('', JSON.parse(value));
      } catch {
        return value;
      }
    }
    // `Limit:int=10` and `Limit:int=int(10)` declare the same default (the loader writes the latter).
    if (key === 'functionParameters') {
      return value.replace(/\b(?:int|long|real|double|decimal)\(\s*(-?\d+(?:\.\d+)?)\s*\)/g, '$1');
    }
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
  const counts: Record<PlanAction, number> = { create: 0, update: 0, replace: 0, unchanged: 0, delete: 0 };
  for (const e of entries) counts[e.action]++;
  return counts;
}

/** Marks a `customVersion` written by kqlc: the fingerprint of the published body. */
export const FINGERPRINT_PREFIX = 'kqlc:';

/** Every property kqlc manages, per type: the fingerprint covers all of them, sent or not. */
const FINGERPRINT_KEYS: Record<ResourceType, string[]> = {
  alertRule: [
    'displayName',
    'description',
    'severity',
    'enabled',
    'query',
    'queryFrequency',
    'queryPeriod',
    'triggerOperator',
    'triggerThreshold',
    'suppressionDuration',
    'suppressionEnabled',
    'tactics',
    'techniques',
    'entityMappings',
    'customDetails',
    'alertDetailsOverride',
    'eventGroupingSettings',
    'incidentConfiguration',
    'templateVersion',
    'subTechniques',
  ],
  savedSearch: ['category', 'displayName', 'query', 'version', 'functionAlias', 'functionParameters', 'tags'],
  workbook: ['displayName', 'serializedData', 'version', 'category', 'sourceId', 'description'],
};

/**
 * Properties managed since after fingerprints were first written: left out of the fingerprint when empty,
 * so a rule published before kqlc sent them keeps its fingerprint (no false drift, no metadata rewrite).
 */
const FINGERPRINT_WHEN_SET = new Set(['subTechniques']);

/**
 * A short hash of the managed properties after the same normalisation as the diff, so the body kqlc sent
 * and the service's copy of it have the same fingerprint.
 */
export function fingerprint(type: ResourceType, properties: object): string {
  const props = properties as Record<string, unknown>;
  const normal: Record<string, unknown> = {};
  for (const key of FINGERPRINT_KEYS[type]) {
    const value = normalise(key, props[key]);
    if (value === undefined && FINGERPRINT_WHEN_SET.has(key)) continue;
    normal[key] = value ?? null;
  }
  return createHash('sha256').update(stableStringify(normal)).digest('hex').slice(0, 16);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
