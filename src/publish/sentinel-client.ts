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
import {
  ALERT_RULES_API_VERSION,
  type AlertRuleResource,
  alertRuleApiVersion,
  alertRuleRequestBody,
  SUB_TECHNIQUES_API_VERSION,
} from '../build/alert-rule.js';
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
 * A SentinelClient over `@azure/arm-securityinsight` (alert rules and metadata, api-version 2022-09-01-preview)
 * and `@azure/arm-operationalinsights` (saved searches, 2025-07-01). Alert rules with sub-techniques are
 * written, and every alert rule is read, at 2025-07-01-preview, whose `subTechniques` the SDK's models do not
 * know (its serializer would drop the field both ways): those requests carry the JSON as is through the
 * Security Insights client's own pipeline. The options reach the SDKs' pipelines unchanged: tests pass
 * `tlsOptions` to trust their certificate and short retry delays, and authentication, retries and
 * throttling still run as in production. Constructing makes no request.
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
  const send = armRequests(sdk);
  const workbooks = workbookRequests(send, endpoint, workspace);
  const rules = alertRuleRequests(send, endpoint, workspace);
  return {
    listWorkbooks: workbooks.list,
    putWorkbook: workbooks.put,
    deleteWorkbook: workbooks.delete,
    // Read at the api-version that has `subTechniques`, so a rule's sub-techniques are compared (and a
    // re-run makes no write) whether or not the project gives any.
    listAlertRules: rules.list,
    getAlertRule: rules.get,
    async putAlertRule(resource) {
      if (alertRuleApiVersion(resource) !== ALERT_RULES_API_VERSION) return rules.put(resource);
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

type Send = (
  method: 'GET' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
) => Promise<Record<string, unknown> | undefined>;

/**
 * JSON requests over the Security Insights client's own pipeline (`sendRequest`: bearer token for the
 * client's scope, retries, 429/503 with Retry-After, tracing): for bodies the SDK's models cannot carry.
 * An answer of 400 or more is thrown as an ArmError with the service's code and message.
 */
function armRequests(sdk: SecurityInsights): Send {
  return async (method, url, body) => {
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
}

/** Every page of an ARM LIST, following `nextLink`. */
async function listPages(send: Send, url: string): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  let next: string | undefined = url;
  while (next) {
    const page = (await send('GET', next)) as
      | { value?: Record<string, unknown>[]; nextLink?: string }
      | undefined;
    out.push(...(page?.value ?? []));
    next = page?.nextLink ?? undefined;
  }
  return out;
}

/** A resource as ARM sends it back (`name`, `kind`, `etag`, `location`, `properties`). */
function fromWire(w: Record<string, unknown>): RemoteResource {
  const out: RemoteResource = {
    name: String(w.name ?? ''),
    properties: (w.properties as Record<string, unknown>) ?? {},
  };
  if (typeof w.kind === 'string') out.kind = w.kind;
  if (typeof w.etag === 'string') out.etag = w.etag;
  if (typeof w.location === 'string') out.location = w.location;
  return out;
}

/**
 * Alert rules at api-version 2025-07-01-preview, as raw JSON through the SDK client's pipeline: LIST and GET
 * (so `subTechniques` comes back), and the PUT of a rule with sub-techniques.
 */
function alertRuleRequests(send: Send, endpoint: string, workspace: WorkspaceRef) {
  const base =
    `${endpoint}/subscriptions/${workspace.subscriptionId}/resourceGroups/${workspace.resourceGroup}` +
    `/providers/Microsoft.OperationalInsights/workspaces/${workspace.workspace}` +
    '/providers/Microsoft.SecurityInsights/alertRules';
  const at = (name: string) =>
    `${base}/${encodeURIComponent(name)}?api-version=${SUB_TECHNIQUES_API_VERSION}`;
  const toRule = (w: Record<string, unknown>): RemoteAlertRule => {
    const r = fromWire(w);
    return { ...r, kind: r.kind ?? '' };
  };
  return {
    async list(): Promise<RemoteAlertRule[]> {
      return (await listPages(send, `${base}?api-version=${SUB_TECHNIQUES_API_VERSION}`)).map(toRule);
    },
    async get(name: string): Promise<RemoteAlertRule | undefined> {
      try {
        const answer = await send('GET', at(name));
        return answer ? toRule(answer) : undefined;
      } catch (e) {
        if (statusOf(e) === 404) return undefined;
        throw e;
      }
    },
    async put(resource: AlertRuleResource): Promise<RemoteAlertRule> {
      const answer = await send('PUT', at(resource.name), alertRuleRequestBody(resource));
      return toRule(answer ?? { name: resource.name, kind: resource.kind });
    },
  };
}

/**
 * Workbooks over the Security Insights client's own pipeline (bearer token, retries, throttling, tracing):
 * no installed SDK sends a workbook with its `location` (see docs/publish.md), so the body is sent as is.
 */
function workbookRequests(send: Send, endpoint: string, workspace: WorkspaceRef) {
  const base = `${endpoint}/subscriptions/${workspace.subscriptionId}/resourceGroups/${workspace.resourceGroup}/providers/Microsoft.Insights/workbooks`;
  const workspaceId = `/subscriptions/${workspace.subscriptionId}/resourceGroups/${workspace.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${workspace.workspace}`;
  return {
    async list(): Promise<RemoteResource[]> {
      const url =
        `${base}?api-version=${WORKBOOKS_API_VERSION}&category=sentinel&canFetchContent=true` +
        `&sourceId=${encodeURIComponent(workspaceId)}`;
      return (await listPages(send, url)).map(fromWire);
    },
    async put(resource: WorkbookResource): Promise<RemoteResource> {
      const { name, ...body } = resource;
      const answer = await send(
        'PUT',
        `${base}/${encodeURIComponent(name)}?api-version=${WORKBOOKS_API_VERSION}`,
        body,
      );
      return fromWire(answer ?? { name });
    },
    async delete(name: string): Promise<void> {
      await send('DELETE', `${base}/${encodeURIComponent(name)}?api-version=${WORKBOOKS_API_VERSION}`);
    },
  };
}
