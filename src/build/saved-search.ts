import type { HuntingItem, ParserItem } from '../model/content.js';
import { cleanDescription, parentTechniques } from './alert-rule.js';
import type { BuildIssue, Built } from './issues.js';

/**
 * A Log Analytics saved search exactly as kqlc sends it (api-version 2025-07-01, the default of
 * `@azure/arm-operationalinsights` 11): hunting queries and parsers (functions) are both saved searches.
 */
export interface SavedSearchResource {
  /** The resource name: the item's `id`, so a rename is an update. */
  name: string;
  etag?: string;
  properties: SavedSearchProperties;
}

export interface SavedSearchProperties {
  category: string;
  displayName: string;
  query: string;
  /** Query language version; 2 is the current one. */
  version: number;
  functionAlias?: string;
  /** `name:type=default, name2:type2` */
  functionParameters?: string;
  tags?: { name: string; value: string }[];
}

/** The category Sentinel lists under Hunting. */
export const HUNTING_CATEGORY = 'Hunting Queries';

/**
 * A hunting query as Sentinel stores it: category "Hunting Queries", query language version 2, and tags
 * `description`, `tactics`, `techniques` (comma-separated; parent techniques, as for alert rules).
 */
export function buildHuntingSearch(item: HuntingItem): Built<SavedSearchResource> {
  const doc = item.doc;
  const tags: { name: string; value: string }[] = [];
  const description = cleanDescription(doc.description);
  if (description !== undefined) tags.push({ name: 'description', value: description });
  if (doc.tactics?.length) tags.push({ name: 'tactics', value: doc.tactics.join(',') });
  const techniques = parentTechniques(doc.relevantTechniques ?? []);
  if (techniques.length) tags.push({ name: 'techniques', value: techniques.join(',') });
  const properties: SavedSearchProperties = {
    category: HUNTING_CATEGORY,
    displayName: doc.name,
    query: doc.query,
    version: 2,
  };
  if (tags.length) properties.tags = tags;
  return { resource: { name: doc.id, properties }, issues: [] };
}

/** A parser as a workspace function: `functionAlias` is the name queries call, with its parameters. */
export function buildParserSearch(item: ParserItem): Built<SavedSearchResource> {
  const issues: BuildIssue[] = [];
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(item.functionName)) {
    issues.push({
      severity: 'error',
      path: 'name',
      message: `'${item.functionName}' is not a valid function name`,
    });
  }
  const properties: SavedSearchProperties = {
    category: item.category || 'kqlc',
    displayName: item.title || item.functionName,
    // As written: publish substitutes the environment's named values (the check values are in item.query).
    query: (item.template ?? item.query).text,
    version: 2,
    functionAlias: item.functionName,
  };
  if (item.parameters.length) {
    properties.functionParameters = item.parameters
      .map((p) => `${p.name}:${p.type}${p.default === undefined ? '' : `=${p.default}`}`)
      .join(', ');
  }
  const failed = issues.some((i) => i.severity === 'error');
  return { resource: failed ? undefined : { name: item.id, properties }, issues };
}

/** The request body of a PUT. */
export function savedSearchRequestBody(resource: SavedSearchResource): {
  etag?: string;
  properties: SavedSearchProperties;
} {
  return resource.etag === undefined
    ? { properties: resource.properties }
    : { etag: resource.etag, properties: resource.properties };
}
