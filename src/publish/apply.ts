import type { AlertRuleResource } from '../build/alert-rule.js';
import type { SavedSearchResource } from '../build/saved-search.js';
import type { WorkbookResource } from '../build/workbook.js';
import type { PlanEntry } from './plan.js';
import { type SentinelClient, statusOf } from './sentinel-client.js';

export type ApplyStatus =
  | 'created'
  | 'updated'
  | 'replaced'
  | 'deleted'
  | 'unchanged'
  | 'conflict'
  | 'failed';

export interface ApplyResult {
  entry: PlanEntry;
  status: ApplyStatus;
  /** For conflict and failed: what the service said (never a token: SDK errors carry no headers here). */
  error?: string;
  /** HTTP status of the failure, when there was one. */
  httpStatus?: number;
}

export interface ApplyOptions {
  /** Writes in flight at once (default 4). Reads are done by the plan. */
  concurrency?: number;
  /** Called after each entry, in completion order. */
  onResult?: (result: ApplyResult) => void;
  /**
   * Overwrite even what changed since the plan read it: updates carry no etag (alert rules, metadata) or
   * `*` (saved searches) instead of the etag read, so the service does not answer 409.
   */
  force?: boolean;
}

/**
 * Performs a plan, parsers first: PUT for create and update (an update carries the etag read by the plan, so a rule edited
 * since is refused with 409 and reported as a conflict, not overwritten), DELETE then PUT for replace (a rule
 * cannot change kind in place). Unchanged entries make no request. One failure does not stop the others;
 * re-running publish finishes what is left, since the plan is computed again from what the workspace holds.
 */
export async function applyPlan(
  entries: readonly PlanEntry[],
  client: SentinelClient,
  options: ApplyOptions = {},
): Promise<ApplyResult[]> {
  const results: ApplyResult[] = new Array(entries.length);
  // Phase by phase: every parser is in place before a rule or hunting query that calls it is written.
  const phases = [...new Set(entries.map((e) => e.phase))].sort((a, b) => a - b);
  for (const phase of phases) {
    const indexes = entries.flatMap((e, i) => (e.phase === phase ? [i] : []));
    await forEachLimited(indexes, options.concurrency ?? 4, async (index) => {
      const result = await applyEntry(entries[index]!, client, options.force === true);
      results[index] = result;
      options.onResult?.(result);
    });
  }
  return results;
}

async function applyEntry(entry: PlanEntry, client: SentinelClient, force: boolean): Promise<ApplyResult> {
  const put = (withEtag: boolean) => {
    const resource = { ...entry.desired! };
    if (withEtag && force) {
      if (entry.type === 'savedSearch') resource.etag = '*';
    } else if (withEtag && entry.current?.etag !== undefined) resource.etag = entry.current.etag;
    if (entry.type === 'alertRule')
      return client.putAlertRule(clearSubTechniques(resource as AlertRuleResource, entry));
    if (entry.type === 'workbook') return client.putWorkbook(resource as WorkbookResource);
    return client.putSavedSearch(resource as SavedSearchResource);
  };
  const remove = () =>
    entry.type === 'alertRule'
      ? client.deleteAlertRule(entry.name)
      : entry.type === 'workbook'
        ? client.deleteWorkbook(entry.name)
        : client.deleteSavedSearch(entry.name);
  // Metadata is written after its item, so it never claims an item that failed to be written.
  const putMetadata = async (always: boolean) => {
    const m = entry.metadata;
    if (!m?.desired) return;
    if (!always && m.current && m.changes.length === 0) return;
    const resource = { ...m.desired };
    if (m.current?.etag !== undefined && !force) resource.etag = m.current.etag;
    await client.putMetadata(resource);
  };
  try {
    switch (entry.action) {
      case 'unchanged':
        return { entry, status: 'unchanged' };
      case 'create':
        await put(false);
        await putMetadata(true);
        return { entry, status: 'created' };
      case 'update':
        if (entry.changes.length > 0) await put(true);
        await putMetadata(false);
        return { entry, status: 'updated' };
      case 'replace':
        await remove();
        await put(false);
        await putMetadata(true);
        return { entry, status: 'replaced' };
      case 'delete':
        // The item first: if that fails, the metadata still marks it as ours and a re-run retries.
        await remove();
        if (entry.metadata?.current) await client.deleteMetadata(entry.metadata.current.name);
        return { entry, status: 'deleted' };
    }
  } catch (e) {
    const httpStatus = statusOf(e);
    const result: ApplyResult = {
      entry,
      status: httpStatus === 409 || httpStatus === 412 ? 'conflict' : 'failed',
      error: errorMessage(e),
    };
    if (httpStatus !== undefined) result.httpStatus = httpStatus;
    return result;
  }
}

/**
 * A rule that no longer has sub-techniques, over a workspace copy that has some: sent with an empty
 * `subTechniques`, so it goes at the api-version that has the field and the service clears it, instead of
 * at the SDK's, which cannot say anything about it.
 */
function clearSubTechniques(resource: AlertRuleResource, entry: PlanEntry): AlertRuleResource {
  const held = entry.current?.properties.subTechniques;
  if (resource.properties.subTechniques !== undefined || !Array.isArray(held) || held.length === 0) {
    return resource;
  }
  return { ...resource, properties: { ...resource.properties, subTechniques: [] } };
}

function errorMessage(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return typeof code === 'string' && !e.message.includes(code) ? `${code}: ${e.message}` : e.message;
  }
  return String(e);
}

/** Runs `work` over `items` with at most `limit` at once. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
