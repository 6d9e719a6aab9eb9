import {
  type AlertRuleUnion,
  SecurityInsights,
  type SecurityInsightsOptionalParams,
} from '@azure/arm-securityinsight';
import type { TokenCredential } from '@azure/identity';
import type { AlertRuleResource } from '../build/alert-rule.js';

/** An alert rule as the workspace holds it: any kind (Fusion, MicrosoftSecurityIncidentCreation, ...). */
export interface RemoteAlertRule {
  name: string;
  kind: string;
  etag?: string;
  /** Everything under `properties`, as read; dates as ISO strings. */
  properties: Record<string, unknown>;
}

/** The alert rules of one Sentinel workspace: all that publish needs, so tests can give their own. */
export interface SentinelClient {
  listAlertRules(): Promise<RemoteAlertRule[]>;
  /** Undefined when there is no such rule (404). */
  getAlertRule(name: string): Promise<RemoteAlertRule | undefined>;
  /** Create or replace; `resource.etag`, when set, makes the service refuse (409) if the rule changed since. */
  putAlertRule(resource: AlertRuleResource): Promise<RemoteAlertRule>;
  deleteAlertRule(name: string): Promise<void>;
}

export interface WorkspaceRef {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  /** Resource Manager endpoint; default https://management.azure.com. */
  armEndpoint?: string;
}

export const DEFAULT_ARM_ENDPOINT = 'https://management.azure.com';

/**
 * A SentinelClient over `@azure/arm-securityinsight` (api-version 2022-09-01-preview). `clientOptions` reach
 * the SDK's own pipeline unchanged: tests pass `tlsOptions` to trust their certificate and short retry
 * delays, and authentication, retries and throttling still run as in production.
 */
export function createSentinelClient(
  workspace: WorkspaceRef,
  credential: TokenCredential,
  clientOptions: SecurityInsightsOptionalParams = {},
): SentinelClient {
  const endpoint = (workspace.armEndpoint ?? DEFAULT_ARM_ENDPOINT).replace(/\/+$/, '');
  // The generated client builds URLs from `$host` but derives the token scope from `endpoint`: set both.
  const sdk = new SecurityInsights(credential, workspace.subscriptionId, {
    ...clientOptions,
    endpoint,
    $host: endpoint,
  });
  const { resourceGroup: rg, workspace: ws } = workspace;
  return {
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
