/**
 * ARM deployment templates for those who deploy with `az deployment group create` or Sentinel Repositories:
 * the same bodies publish sends, parameterised by the workspace name, in the resource forms the
 * Azure-Sentinel repository uses (`workspaces/providers/alertRules` named `<ws>/Microsoft.SecurityInsights/<id>`).
 */
import { ALERT_RULES_API_VERSION, type AlertRuleResource, alertRuleApiVersion } from './alert-rule.js';
import type { MetadataResource } from './metadata.js';
import type { SavedSearchResource } from './saved-search.js';
import type { WorkbookResource } from './workbook.js';

/** Alert rules without sub-techniques; a rule with some uses `alertRuleApiVersion` (2025-07-01-preview). */
export const ALERT_RULES_API = ALERT_RULES_API_VERSION;
export const SAVED_SEARCHES_API = '2025-07-01';
export const METADATA_API = '2022-09-01-preview';
export const WORKBOOKS_API = '2023-06-01';
export const DEPLOYMENT_SCHEMA =
  'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/** An item as built for publishing. */
export type TemplateItem =
  | { type: 'alertRule'; role: 'analytic'; resource: AlertRuleResource; version?: string }
  | { type: 'savedSearch'; role: 'hunting' | 'parser'; resource: SavedSearchResource; version?: string }
  /** The workbook's `location` and `sourceId` are replaced by template expressions. */
  | { type: 'workbook'; role: 'workbook'; resource: WorkbookResource; version?: string };

export interface ArmResource {
  type: string;
  apiVersion: string;
  name: string;
  kind?: string;
  location?: string;
  properties: unknown;
  dependsOn?: string[];
}

export interface ArmTemplate {
  $schema: string;
  contentVersion: string;
  parameters: Record<string, { type: string; metadata?: { description: string }; defaultValue?: unknown }>;
  resources: ArmResource[];
}

export interface TemplateOptions {
  /** Add a Sentinel metadata resource per item, with this project's source id (omit for Sentinel Repositories,
   * which writes its own). */
  sourceId?: string;
}

const ws = "parameters('workspace')";

function resourceIdOf(item: TemplateItem): string {
  if (item.type === 'workbook')
    return `[resourceId('Microsoft.Insights/workbooks', '${item.resource.name}')]`;
  return item.type === 'alertRule'
    ? `[resourceId('Microsoft.OperationalInsights/workspaces/providers/alertRules', ${ws}, 'Microsoft.SecurityInsights', '${item.resource.name}')]`
    : `[resourceId('Microsoft.OperationalInsights/workspaces/savedSearches', ${ws}, '${item.resource.name}')]`;
}

const METADATA_KIND = {
  analytic: 'AnalyticsRule',
  hunting: 'HuntingQuery',
  parser: 'Parser',
  workbook: 'Workbook',
} as const;

/**
 * One template deploying `items` (one item for a per-item template, all for the project's). Rules and
 * hunting queries depend on every parser in the same template, so functions exist before the queries that
 * call them; metadata depends on its item. Pure.
 */
export function buildArmTemplate(items: readonly TemplateItem[], options: TemplateOptions = {}): ArmTemplate {
  const resources: ArmResource[] = [];
  const parsers = items.filter((i) => i.role === 'parser').map(resourceIdOf);
  for (const item of items) {
    const dependsOn = item.role === 'parser' ? [] : parsers;
    const { etag: _etag, ...resource } = item.resource;
    if (item.type === 'alertRule') {
      const r: ArmResource = {
        type: 'Microsoft.OperationalInsights/workspaces/providers/alertRules',
        // The api-version that has every field sent: 2025-07-01-preview for `subTechniques`.
        apiVersion: alertRuleApiVersion(item.resource),
        name: `[concat(${ws}, '/Microsoft.SecurityInsights/', '${resource.name}')]`,
        kind: item.resource.kind,
        properties: escapeArmStrings(item.resource.properties),
      };
      if (dependsOn.length) r.dependsOn = dependsOn;
      resources.push(r);
    } else if (item.type === 'workbook') {
      const r: ArmResource = {
        type: 'Microsoft.Insights/workbooks',
        apiVersion: WORKBOOKS_API,
        name: item.resource.name,
        location: "[parameters('workbookLocation')]",
        kind: 'shared',
        properties: {
          ...escapeArmStrings(item.resource.properties),
          sourceId: `[resourceId('Microsoft.OperationalInsights/workspaces', ${ws})]`,
        },
      };
      if (dependsOn.length) r.dependsOn = dependsOn;
      resources.push(r);
    } else {
      const r: ArmResource = {
        type: 'Microsoft.OperationalInsights/workspaces/savedSearches',
        apiVersion: SAVED_SEARCHES_API,
        name: `[concat(${ws}, '/', '${resource.name}')]`,
        properties: escapeArmStrings(item.resource.properties),
      };
      if (dependsOn.length) r.dependsOn = dependsOn;
      resources.push(r);
    }
    if (options.sourceId !== undefined) {
      const kind = METADATA_KIND[item.role];
      const properties: MetadataResource['properties'] = {
        contentId: item.resource.name,
        parentId: resourceIdOf(item),
        kind,
        source: { kind: 'SourceRepository', name: 'kqlc', sourceId: options.sourceId },
      };
      if (item.version !== undefined) properties.version = item.version;
      resources.push({
        type: 'Microsoft.OperationalInsights/workspaces/providers/metadata',
        apiVersion: METADATA_API,
        name: `[concat(${ws}, '/Microsoft.SecurityInsights/', '${kind.toLowerCase()}-${item.resource.name}')]`,
        properties,
        dependsOn: [resourceIdOf(item)],
      });
    }
  }
  const parameters: ArmTemplate['parameters'] = {
    workspace: {
      type: 'string',
      metadata: { description: 'Name of the Log Analytics workspace with Sentinel' },
    },
  };
  if (items.some((i) => i.type === 'workbook')) {
    parameters.workbookLocation = {
      type: 'string',
      defaultValue: '[resourceGroup().location]',
      metadata: { description: 'Region of the workbooks (default: the resource group region)' },
    };
  }
  return { $schema: DEPLOYMENT_SCHEMA, contentVersion: '1.0.0.0', parameters, resources };
}

/**
 * ARM evaluates a string that starts with `[` as an expression; a literal one is written `[[`. Every string
 * of content (a description "[Preview] …", a query) goes through here.
 */
export function escapeArmStrings<T>(value: T): T {
  if (typeof value === 'string') return (value.startsWith('[') ? `[${value}` : value) as T;
  if (Array.isArray(value)) return value.map((v) => escapeArmStrings(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeArmStrings(v)])) as T;
  }
  return value;
}
