import type { AnalyticRuleDoc } from '../model/analytic-rule.js';
import { toIsoDuration } from '../model/duration.js';
import type { BuildIssue, Built } from './issues.js';

/** The default api-version of `@azure/arm-securityinsight` 1.0.0-beta.6: alert rules without sub-techniques. */
export const ALERT_RULES_API_VERSION = '2022-09-01-preview';

/**
 * The api-version for alert rules with sub-techniques, and for reading rules back: 2022-09-01-preview has no
 * `subTechniques`; 2025-07-01-preview has it on Scheduled and NRT rules (AlertRules.json of
 * Azure/azure-rest-api-specs). The SDK's models do not know the field, so such a body is sent as is
 * through the SDK client's own pipeline (`src/publish/sentinel-client.ts`).
 */
export const SUB_TECHNIQUES_API_VERSION = '2025-07-01-preview';

/**
 * A Security Insights alert rule exactly as kqlc sends it (api-version 2022-09-01-preview, the default of
 * `@azure/arm-securityinsight` 1.0.0-beta.6, or 2025-07-01-preview when it has `subTechniques`): the ARM wire
 * shape, not the SDK's flattened model.
 */
export interface AlertRuleResource {
  /** The resource name: the rule's YAML `id`, so a rename is an update and never a second rule. */
  name: string;
  kind: 'Scheduled' | 'NRT';
  /** Only on resources read back from the service, or on an update that must not overwrite a newer edit. */
  etag?: string;
  properties: AlertRuleProperties;
}

export type TriggerOperator = 'GreaterThan' | 'LessThan' | 'Equal' | 'NotEqual';

export interface EntityMapping {
  entityType: string;
  fieldMappings: { identifier: string; columnName: string }[];
}

export interface GroupingConfiguration {
  enabled: boolean;
  reopenClosedIncident: boolean;
  lookbackDuration: string;
  matchingMethod: 'AllEntities' | 'AnyAlert' | 'Selected';
  groupByEntities: string[];
  groupByAlertDetails: string[];
  groupByCustomDetails: string[];
}

export interface IncidentConfiguration {
  createIncident: boolean;
  groupingConfiguration: GroupingConfiguration;
}

export interface AlertDetailsOverride {
  alertDisplayNameFormat?: string;
  alertDescriptionFormat?: string;
  alertTacticsColumnName?: string;
  alertSeverityColumnName?: string;
}

/** The properties of a Scheduled rule; an NRT rule has the same minus the four scheduling fields. */
export interface AlertRuleProperties {
  displayName: string;
  description?: string;
  severity: 'Informational' | 'Low' | 'Medium' | 'High';
  enabled: boolean;
  query: string;
  queryFrequency?: string;
  queryPeriod?: string;
  triggerOperator?: TriggerOperator;
  triggerThreshold?: number;
  suppressionDuration: string;
  suppressionEnabled: boolean;
  tactics?: string[];
  techniques?: string[];
  /** `T1078.004`: only in api-versions newer than 2022-09-01-preview (see `alertRuleApiVersion`). */
  subTechniques?: string[];
  entityMappings?: EntityMapping[];
  customDetails?: Record<string, string>;
  alertDetailsOverride?: AlertDetailsOverride;
  eventGroupingSettings: { aggregationKind: 'SingleAlert' | 'AlertPerResult' };
  incidentConfiguration: IncidentConfiguration;
  templateVersion?: string;
}

/** Per-environment choices that change the built rule. */
export interface AlertRuleBuildOptions {
  /** Overrides the rule's own `enabled` (default true). */
  enabled?: boolean;
}

const TRIGGER_OPERATORS: Record<string, TriggerOperator> = {
  gt: 'GreaterThan',
  lt: 'LessThan',
  eq: 'Equal',
  ne: 'NotEqual',
  GreaterThan: 'GreaterThan',
  LessThan: 'LessThan',
  Equal: 'Equal',
  NotEqual: 'NotEqual',
};

/** What Sentinel itself fills in when a rule is created without incident settings (the portal's defaults). */
export const DEFAULT_INCIDENT_CONFIGURATION: IncidentConfiguration = {
  createIncident: true,
  groupingConfiguration: {
    enabled: false,
    reopenClosedIncident: false,
    lookbackDuration: 'PT5H',
    matchingMethod: 'AllEntities',
    groupByEntities: [],
    groupByAlertDetails: [],
    groupByCustomDetails: [],
  },
};

export const DEFAULT_SUPPRESSION_DURATION = 'PT5H';

const OVERRIDE_KEYS = [
  'alertDisplayNameFormat',
  'alertDescriptionFormat',
  'alertTacticsColumnName',
  'alertSeverityColumnName',
] as const;

/**
 * Builds the alert rule resource of an analytic rule. Pure: the same document always gives the same body.
 * Problems the schema cannot catch (a malformed duration, an unknown override key) are returned as issues;
 * with any error the resource is undefined, so nothing half-valid is ever sent.
 */
export function buildAlertRule(
  doc: AnalyticRuleDoc,
  options: AlertRuleBuildOptions = {},
): Built<AlertRuleResource> {
  const issues: BuildIssue[] = [];
  const error = (path: string, message: string) => issues.push({ severity: 'error', path, message });
  const warn = (path: string, message: string) => issues.push({ severity: 'warning', path, message });
  const duration = (path: string, value: string | undefined, fallback?: string): string | undefined => {
    if (value === undefined) return fallback;
    const iso = toIsoDuration(String(value));
    if (iso === undefined) error(path, `'${value}' is not a duration such as 5m, 1h, 14d or PT5M`);
    return iso;
  };

  const kind = oneOf(doc.kind, KINDS, 'kind', error) ?? 'Scheduled';
  const properties: AlertRuleProperties = {
    displayName: doc.name,
    severity: oneOf(doc.severity, SEVERITIES, 'severity', error) ?? 'Medium',
    enabled: options.enabled ?? doc.enabled ?? true,
    query: doc.query,
    suppressionDuration: '',
    suppressionEnabled: doc.suppressionEnabled ?? false,
    eventGroupingSettings: {
      aggregationKind:
        oneOf(
          doc.eventGroupingSettings?.aggregationKind,
          AGGREGATION_KINDS,
          'eventGroupingSettings',
          error,
        ) ?? 'SingleAlert',
    },
    incidentConfiguration: DEFAULT_INCIDENT_CONFIGURATION,
  };
  const description = cleanDescription(doc.description);
  if (description !== undefined) properties.description = description;

  if (kind === 'Scheduled') {
    properties.queryFrequency = duration('queryFrequency', doc.queryFrequency);
    properties.queryPeriod = duration('queryPeriod', doc.queryPeriod);
    if (doc.queryFrequency === undefined) error('queryFrequency', 'a Scheduled rule needs queryFrequency');
    if (doc.queryPeriod === undefined) error('queryPeriod', 'a Scheduled rule needs queryPeriod');
    const op = doc.triggerOperator === undefined ? 'GreaterThan' : TRIGGER_OPERATORS[doc.triggerOperator];
    if (op === undefined) error('triggerOperator', `'${doc.triggerOperator}' is not one of gt, lt, eq, ne`);
    properties.triggerOperator = op;
    properties.triggerThreshold = doc.triggerThreshold ?? 0;
  } else {
    for (const key of ['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold'] as const) {
      if (doc[key] !== undefined)
        warn(key, `ignored: an NRT rule runs every minute and alerts on any result`);
    }
  }

  properties.suppressionDuration =
    duration('suppressionDuration', doc.suppressionDuration, DEFAULT_SUPPRESSION_DURATION) ?? '';

  if (doc.tactics?.length) properties.tactics = [...doc.tactics];
  const techniques = parentTechniques(doc.relevantTechniques ?? []);
  if (techniques.length) properties.techniques = techniques;
  const subs = subTechniques(doc.relevantTechniques ?? []);
  if (subs.length) properties.subTechniques = subs;
  if (doc.entityMappings?.length) {
    properties.entityMappings = doc.entityMappings.map((m) => ({
      entityType: m.entityType,
      fieldMappings: m.fieldMappings.map((f) => ({ identifier: f.identifier, columnName: f.columnName })),
    }));
  }
  if (doc.customDetails && Object.keys(doc.customDetails).length) {
    properties.customDetails = { ...doc.customDetails };
  }
  if (doc.alertDetailsOverride) {
    const override: AlertDetailsOverride = {};
    for (const [key, value] of Object.entries(doc.alertDetailsOverride)) {
      if (!(OVERRIDE_KEYS as readonly string[]).includes(key)) {
        error(`alertDetailsOverride.${key}`, `not supported by api-version 2022-09-01-preview`);
      } else if (typeof value !== 'string') {
        error(`alertDetailsOverride.${key}`, 'must be a string');
      } else if (value !== '') {
        override[key as (typeof OVERRIDE_KEYS)[number]] = value;
      }
    }
    if (Object.keys(override).length) properties.alertDetailsOverride = override;
  }
  properties.incidentConfiguration = buildIncidentConfiguration(doc.incidentConfiguration, error);
  if (doc.version !== undefined) properties.templateVersion = String(doc.version);

  const failed = issues.some((i) => i.severity === 'error');
  return { resource: failed ? undefined : { name: doc.id, kind, properties }, issues };
}

/** The request body of a PUT: ARM takes the name from the URL. */
export function alertRuleRequestBody(resource: AlertRuleResource): {
  kind: string;
  etag?: string;
  properties: AlertRuleProperties;
} {
  const body: { kind: string; etag?: string; properties: AlertRuleProperties } = {
    kind: resource.kind,
    properties: resource.properties,
  };
  if (resource.etag !== undefined) body.etag = resource.etag;
  return body;
}

/**
 * The api-version a rule is sent with: 2025-07-01-preview when its body has `subTechniques` (even an empty
 * list, which clears those the workspace holds), else the SDK's default.
 */
export function alertRuleApiVersion(resource: Pick<AlertRuleResource, 'properties'>): string {
  return resource.properties.subTechniques === undefined
    ? ALERT_RULES_API_VERSION
    : SUB_TECHNIQUES_API_VERSION;
}

/**
 * `T1078.004` → `T1078`: `techniques` holds parent techniques only (a sub-technique goes to `subTechniques`
 * as well). Order is kept, duplicates dropped.
 */
export function parentTechniques(techniques: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of techniques) {
    const parent = String(t).trim().split('.')[0]!.toUpperCase();
    if (parent && !out.includes(parent)) out.push(parent);
  }
  return out;
}

/** `T1078.004` and the like, upper case: what goes to `subTechniques`. Order is kept, duplicates dropped. */
export function subTechniques(techniques: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of techniques) {
    const id = String(t).trim().toUpperCase();
    if (/^T\d+\.\d+$/.test(id) && !out.includes(id)) out.push(id);
  }
  return out;
}

/**
 * Azure-Sentinel descriptions are often a block scalar holding a single-quoted string (`'Identifies …'`);
 * the quotes are YAML habit, not text, so they are removed along with the block's final newline.
 */
export function cleanDescription(description: string | undefined): string | undefined {
  if (description === undefined) return undefined;
  let text = description.replace(/\s+$/, '');
  if (text.length >= 2 && text.startsWith("'") && text.endsWith("'")) text = text.slice(1, -1);
  return text === '' ? undefined : text;
}

const KINDS = ['Scheduled', 'NRT'] as const;
const SEVERITIES = ['Informational', 'Low', 'Medium', 'High'] as const;
const AGGREGATION_KINDS = ['SingleAlert', 'AlertPerResult'] as const;

/** The value when it is one of `values`; otherwise an error (undefined stays undefined, silently). */
function oneOf<V extends string>(
  value: unknown,
  values: readonly V[],
  path: string,
  error: (path: string, message: string) => void,
): V | undefined {
  if (value === undefined) return undefined;
  if ((values as readonly unknown[]).includes(value)) return value as V;
  error(path, `'${String(value)}' is not one of ${values.join(', ')}`);
  return undefined;
}

const MATCHING_METHODS = ['AllEntities', 'AnyAlert', 'Selected'] as const;

function buildIncidentConfiguration(
  input: Record<string, unknown> | undefined,
  error: (path: string, message: string) => void,
): IncidentConfiguration {
  const defaults = DEFAULT_INCIDENT_CONFIGURATION;
  if (input === undefined) return structuredClone(defaults);
  const out = structuredClone(defaults);
  for (const [key, value] of Object.entries(input)) {
    if (key === 'createIncident') {
      if (typeof value === 'boolean') out.createIncident = value;
      else error('incidentConfiguration.createIncident', 'must be true or false');
    } else if (key === 'groupingConfiguration') {
      if (value === null || value === undefined) continue;
      if (typeof value !== 'object' || Array.isArray(value)) {
        error('incidentConfiguration.groupingConfiguration', 'must be a mapping');
        continue;
      }
      buildGrouping(value as Record<string, unknown>, out.groupingConfiguration, error);
    } else {
      error(`incidentConfiguration.${key}`, 'unknown field');
    }
  }
  return out;
}

function buildGrouping(
  input: Record<string, unknown>,
  out: GroupingConfiguration,
  error: (path: string, message: string) => void,
): void {
  const at = (key: string) => `incidentConfiguration.groupingConfiguration.${key}`;
  for (const [key, value] of Object.entries(input)) {
    switch (key) {
      case 'enabled':
      case 'reopenClosedIncident':
        if (typeof value === 'boolean') out[key] = value;
        else error(at(key), 'must be true or false');
        break;
      case 'lookbackDuration': {
        const iso = typeof value === 'string' ? toIsoDuration(value) : undefined;
        if (iso === undefined) error(at(key), `'${String(value)}' is not a duration such as 5h or PT5H`);
        else out.lookbackDuration = iso;
        break;
      }
      case 'matchingMethod':
        if ((MATCHING_METHODS as readonly unknown[]).includes(value)) {
          out.matchingMethod = value as GroupingConfiguration['matchingMethod'];
        } else error(at(key), `must be one of ${MATCHING_METHODS.join(', ')}`);
        break;
      case 'groupByEntities':
      case 'groupByAlertDetails':
      case 'groupByCustomDetails':
        if (value === null || value === undefined) out[key] = [];
        else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) out[key] = [...value];
        else error(at(key), 'must be a list of strings');
        break;
      default:
        error(at(key), 'unknown field');
    }
  }
}
