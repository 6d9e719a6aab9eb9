/**
 * Sentinel `metadata` resources: one per published item, recording its content id, version and source.
 * The source (`SourceRepository` named `kqlc`, with the project's id) is how kqlc knows what it manages:
 * prune deletes only what carries this project's source, never anything else in the workspace.
 */

export type MetadataKind = 'AnalyticsRule' | 'HuntingQuery' | 'Parser' | 'Workbook';

export interface MetadataSource {
  kind: 'SourceRepository';
  /** Always `kqlc`. */
  name: string;
  /** The project's id: what makes a resource "managed by this project". */
  sourceId: string;
}

export interface MetadataResource {
  /** e.g. `analyticsrule-<content id>`. */
  name: string;
  etag?: string;
  properties: {
    contentId: string;
    /** Full resource id of the item in the workspace. */
    parentId: string;
    kind: MetadataKind;
    version?: string;
    source: MetadataSource;
    /** kqlc writes `kqlc:<fingerprint of the published body>` here, to notice edits made since. */
    customVersion?: string;
  };
}

export const SOURCE_NAME = 'kqlc';

export interface WorkspaceIds {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
}

/** The resource id of the workspace, as ARM writes it. */
export function workspaceResourceId(ws: WorkspaceIds): string {
  return `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${ws.workspace}`;
}

export type ItemType = 'alertRule' | 'savedSearch' | 'workbook';
export type ItemRole = 'analytic' | 'hunting' | 'parser' | 'workbook';

/**
 * The resource id of an item: alert rules live under Security Insights, saved searches under the workspace,
 * workbooks beside the workspace in its resource group.
 */
export function itemResourceId(ws: WorkspaceIds, type: ItemType, name: string): string {
  if (type === 'workbook') {
    return `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.Insights/workbooks/${name}`;
  }
  const base = workspaceResourceId(ws);
  return type === 'alertRule'
    ? `${base}/providers/Microsoft.SecurityInsights/alertRules/${name}`
    : `${base}/savedSearches/${name}`;
}

/** Where the items of a workspace can be: the prefixes of their resource ids (lower case). */
export function itemIdPrefixes(ws: WorkspaceIds): string[] {
  return [
    `${workspaceResourceId(ws)}/`.toLowerCase(),
    `/subscriptions/${ws.subscriptionId}/resourceGroups/${ws.resourceGroup}/providers/Microsoft.Insights/workbooks/`.toLowerCase(),
  ];
}

const KINDS: Record<ItemRole, MetadataKind> = {
  analytic: 'AnalyticsRule',
  hunting: 'HuntingQuery',
  parser: 'Parser',
  workbook: 'Workbook',
};

/** The metadata of one item. Pure. */
export function buildMetadata(
  item: {
    role: ItemRole;
    type: ItemType;
    contentId: string;
    version?: string;
  },
  workspace: WorkspaceIds,
  sourceId: string,
): MetadataResource {
  const kind = KINDS[item.role];
  const properties: MetadataResource['properties'] = {
    contentId: item.contentId,
    parentId: itemResourceId(workspace, item.type, item.contentId),
    kind,
    source: { kind: 'SourceRepository', name: SOURCE_NAME, sourceId },
  };
  if (item.version !== undefined) properties.version = item.version;
  return { name: `${kind.toLowerCase()}-${item.contentId}`, properties };
}

/** True when `source` (as read from the workspace) says this project published the item. */
export function isManagedBy(source: unknown, sourceId: string): boolean {
  const s = source as { kind?: unknown; name?: unknown; sourceId?: unknown } | null | undefined;
  return s?.kind === 'SourceRepository' && s.name === SOURCE_NAME && s.sourceId === sourceId;
}
