import {
  OperationalInsightsManagementClient,
  type OperationalInsightsManagementClientOptionalParams,
  type SavedSearch,
} from '@azure/arm-operationalinsights';
import {
  type AlertRuleUnion,
  type MetadataModel,
  SecurityInsights,
  type SecurityInsightsOptionalParams,
} from '@azure/arm-securityinsight';
import type { TokenCredential } from '@azure/identity';
import type { AlertRuleResource } from '../build/alert-rule.js';
import type { MetadataResource } from '../build/metadata.js';
import type { SavedSearchResource } from '../build/saved-search.js';
import type { WorkbookResource } from '../build/workbook.js';

/** A resource as the workspace holds it. */
export interface RemoteResource {
  name: string;
  /** Alert rules: any kind (Fusion, MicrosoftSecurityIncidentCreation, ...); saved searches have none. */
  kind?: string;
  etag?: string;
  /** Everything under `properties`, as read; dates as ISO strings. */
  properties: Record<string, unknown>;
  /** Workbooks: the region. */
  location?: string;
}

export type RemoteAlertRule = RemoteResource & { kind: string };

/**
 * The alert rules and saved searches of one Sentinel workspace: all that publish needs, so tests can give
 * their own. A PUT with `etag` set makes the service refuse (409) if the resource changed since.
 */
export interface SentinelClient {
  listAlertRules(): Promise<RemoteAlertRule[]>;
  /** Undefined when there is no such rule (404). */
  getAlertRule(name: string): Promise<RemoteAlertRule | undefined>;
  putAlertRule(resource: AlertRuleResource): Promise<RemoteAlertRule>;
  deleteAlertRule(name: string): Promise<void>;
  /** Hunting queries, parsers, and every other saved search of the workspace. */
  listSavedSearches(): Promise<RemoteResource[]>;
  putSavedSearch(resource: SavedSearchResource): Promise<RemoteResource>;
  deleteSavedSearch(name: string): Promise<void>;
  /** Workbooks of the workspace (`category: sentinel`, `sourceId` = the workspace), in its resource group. */
  listWorkbooks(): Promise<RemoteResource[]>;
  putWorkbook(resource: WorkbookResource): Promise<RemoteResource>;
  deleteWorkbook(name: string): Promise<void>;
  /** Sentinel metadata: what records that kqlc published an item, and from which project. */
  listMetadata(): Promise<RemoteResource[]>;
  putMetadata(resource: MetadataResource): Promise<RemoteResource>;
  deleteMetadata(name: string): Promise<void>;
}

export interface WorkspaceRef {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  /** Resource Manager endpoint; default https://management.azure.com. */
  armEndpoint?: string;
}

/** Pipeline options handed to both SDK clients (tests: tlsOptions to trust a certificate, short retries). */
export type ClientOptions = Pick<
  SecurityInsightsOptionalParams & OperationalInsightsManagementClientOptionalParams,
  'tlsOptions' | 'retryOptions' | 'proxyOptions' | 'additionalPolicies' | 'userAgentOptions'
>;

export const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';

/**
 * A SentinelClient over `@azure/arm-securityinsight` (alert rules, api-version 2022-09-01-preview) and
 * `@azure/arm-operationalinsights` (saved searches, 2025-07-01). The options reach the SDKs' own pipelines
 * unchanged: tests pass `tlsOptions` to trust their certificate and short retry delays, and authentication,
 * retries and throttling still run as in production. Constructing makes no request.
 */
export function createSentinelClient(
  workspace: WorkspaceRef,
  credential: TokenCredential,
  options: ClientOptions = {},
): SentinelClient {
  const endpoint = (workspace.armEndpoint ?? DEFAULT_ARM_ENDPOINT).replace(/\/+$/, '');
  // The generated client builds URLs from `$host` but derives the token scope from `endpoint`: set both.
  const sdk = new SecurityInsights(credential, workspace.subscriptionId, {
    ...options,
    endpoint,
    $host: endpoint,
  });
  // This one asks for a public-cloud token whatever the endpoint, unless given the endpoint's scope.
  const logAnalytics = new OperationalInsightsManagementClient(credential, workspace.subscriptionId, {
    ...options,
    endpoint,
    credentials: { scopes: [`${endpoint}/.default`] },
  });
  const { resourceGroup: rg, workspace: ws } = workspace;
  const workbooks = workbookRequests(sdk, endpoint, workspace);
  return {
    listWorkbooks: workbooks.list,
    putWorkbook: workbooks.put,
    deleteWorkbook: workbooks.delete,
    async listAlertRules() {
      const out: RemoteAlertRule[] = [];
      for await (const rule of sdk.alertRules.list(rg, ws)) out.push(fromSdk(rule));
      return out;
    },
    async getAlertRule(name) {
      try {
        return fromSdk(await sdk.alertRules.get(rg, ws, name));
      } catch (e) {
        if (statusOf(e) === 404) return undefined;
        throw e;
      }
    },
    async putAlertRule(resource) {
      return fromSdk(await sdk.alertRules.createOrUpdate(rg, ws, resource.name, toSdk(resource)));
    },
    async deleteAlertRule(name) {
      await sdk.alertRules.delete(rg, ws, name);
    },
    async listMetadata() {
      const out: RemoteResource[] = [];
      for await (const m of sdk.metadata.list(rg, ws)) out.push(fromFlat(m));
      return out;
    },
    async putMetadata(resource) {
      const model: MetadataModel = { ...resource.properties };
      if (resource.etag !== undefined) model.etag = resource.etag;
      return fromFlat(await sdk.metadata.create(rg, ws, resource.name, model));
    },
    async deleteMetadata(name) {
      await sdk.metadata.delete(rg, ws, name);
    },
    async listSavedSearches() {
      const list = await logAnalytics.savedSearches.listByWorkspace(rg, ws);
      return (list.value ?? []).map(fromSavedSearch);
    },
    async putSavedSearch(resource) {
      const model: SavedSearch = { ...resource.properties };
      if (resource.etag !== undefined) model.etag = resource.etag;
      return fromSavedSearch(await logAnalytics.savedSearches.createOrUpdate(rg, ws, resource.name, model));
    },
    async deleteSavedSearch(name) {
      await logAnalytics.savedSearches.delete(rg, ws, name);
    },
  };
}

/** The HTTP status of an SDK error (a RestError), if any. */
export function statusOf(e: unknown): number | undefined {
  const status = (e as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** The SDK's models flatten `properties` into the resource; its serializer nests them again. */
function toSdk(resource: AlertRuleResource): AlertRuleUnion {
  const model: Record<string, unknown> = { kind: resource.kind, ...resource.properties };
  if (resource.etag !== undefined) model.etag = resource.etag;
  return model as unknown as AlertRuleUnion;
}

const TOP_LEVEL = new Set(['id', 'name', 'type', 'etag', 'kind', 'systemData']);

/** A flattened SDK model back to the wire shape (kind stays top-level only for alert rules). */
function fromFlat(model: MetadataModel): RemoteResource {
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(model)) {
    if (key === 'id' || key === 'name' || key === 'type' || key === 'etag' || key === 'systemData') continue;
    if (value === undefined) continue;
    properties[key] = value instanceof Date ? value.toISOString() : value;
  }
  const out: RemoteResource = { name: model.name ?? '', properties };
  if (model.etag !== undefined) out.etag = model.etag;
  return out;
}

function fromSavedSearch(model: SavedSearch): RemoteResource {
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(model)) {
    if (TOP_LEVEL.has(key) || value === undefined) continue;
    properties[key] = value;
  }
  const search: RemoteResource = { name: model.name ?? '', properties };
  if (model.etag !== undefined) search.etag = model.etag;
  return search;
}

function fromSdk(model: AlertRuleUnion): RemoteAlertRule {
  const properties: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(model)) {
    if (TOP_LEVEL.has(key) || value === undefined) continue;
    properties[key] = value instanceof Date ? value.toISOString() : value;
  }
  const rule: RemoteAlertRule = { name: model.name ?? '', kind: model.kind, properties };
  if (model.etag !== undefined) rule.etag = model.etag;
  return rule;
}

export const WORKBOOKS_API_VERSION = '2023-06-01';

/** An ARM error answer, shaped like the SDKs' RestError where publish looks (statusCode, code). */
export class ArmError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'ArmError';
  }
}

type PipelineRequest = Parameters<SecurityInsights['sendRequest']>[0];

/** The minimal HttpHeaders the pipeline needs (header names are case-insensitive). */
function headers(init: Record<string, string>): PipelineRequest['headers'] {
  const map = new Map<string, { name: string; value: string }>();
  for (const [name, value] of Object.entries(init)) map.set(name.toLowerCase(), { name, value });
  const h = {
    get: (name: string) => map.get(name.toLowerCase())?.value,
    has: (name: string) => map.has(name.toLowerCase()),
    set: (name: string, value: string | number | boolean) => {
      map.set(name.toLowerCase(), { name, value: String(value) });
    },
    delete: (name: string) => {
      map.delete(name.toLowerCase());
    },
    toJSON: (options?: { preserveCase?: boolean }) =>
      Object.fromEntries(
        [...map.entries()].map(([key, { name, value }]) => [options?.preserveCase ? name : key, value]),
      ),
    [Symbol.iterator]: function* () {
      for (const [key, { value }] of map) yield [key, value] as [string, string];
    },
  };
  return h as unknown as PipelineRequest['headers'];
}

/**
 * Workbooks over the Security Insights client's own pipeline (bearer token, retries, throttling, tracing):
 * no installed SDK sends a workbook with its `location` (see docs/publish.md), so the body is sent as is.
 */
function workbookRequests(sdk: SecurityInsights, endpoint: string, workspace: WorkspaceRef) {
  const base = `${endpoint}/subscriptions/${workspace.subscriptionId}/resourceGroups/${workspace.resourceGroup}/providers/Microsoft.Insights/workbooks`;
  const workspaceId = `/subscriptions/${workspace.subscriptionId}/resourceGroups/${workspace.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${workspace.workspace}`;
  const send = async (method: 'GET' | 'PUT' | 'DELETE', url: string, body?: unknown) => {
    const request = {
      url,
      method,
      headers: headers({
        accept: 'application/json',
        ...(body ? { 'content-type': 'application/json' } : {}),
      }),
      timeout: 0,
      withCredentials: false,
      requestId: crypto.randomUUID(),
      ...(body ? { body: JSON.stringify(body) } : {}),
    } as PipelineRequest;
    const response = await sdk.sendRequest(request);
    const text = response.bodyAsText ?? '';
    if (response.status >= 400) {
      let code: string | undefined;
      let message = `HTTP ${response.status}`;
      try {
        const error = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
        code = error?.code;
        if (error?.message) message = error.message;
      } catch {
        // not JSON: keep the status
      }
      throw new ArmError(message, response.status, code);
    }
    return text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  };
  const toRemote = (w: Record<string, unknown>): RemoteResource => {
    const out: RemoteResource = {
      name: String(w.name ?? ''),
      properties: (w.properties as Record<string, unknown>) ?? {},
    };
    if (typeof w.kind === 'string') out.kind = w.kind;
    if (typeof w.etag === 'string') out.etag = w.etag;
    if (typeof w.location === 'string') out.location = w.location;
    return out;
  };
  return {
    async list(): Promise<RemoteResource[]> {
      const out: RemoteResource[] = [];
      let url: string | undefined =
        `${base}?api-version=${WORKBOOKS_API_VERSION}&category=sentinel&canFetchContent=true` +
        `&sourceId=${encodeURIComponent(workspaceId)}`;
      while (url) {
        const page = (await send('GET', url)) as
          | { value?: Record<string, unknown>[]; nextLink?: string }
          | undefined;
        out.push(...(page?.value ?? []).map(toRemote));
        url = page?.nextLink;
      }
      return out;
    },
    async put(resource: WorkbookResource): Promise<RemoteResource> {
      const { name, ...body } = resource;
      const answer = await send(
        'PUT',
        `${base}/${encodeURIComponent(name)}?api-version=${WORKBOOKS_API_VERSION}`,
        body,
      );
      return toRemote(answer ?? { name });
    },
    async delete(name: string): Promise<void> {
      await send('DELETE', `${base}/${encodeURIComponent(name)}?api-version=${WORKBOOKS_API_VERSION}`);
    },
  };
}
