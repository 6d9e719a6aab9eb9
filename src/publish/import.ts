/**
 * `kqlc import`: what a workspace holds (analytic rules, hunting queries, parsers, workbooks) as kqlc content
 * files, so a team can adopt kqlc on an existing workspace. The inverse of build: publishing the imported
 * files to the same workspace changes no resource field. Pure but for the client's reads.
 */
import { stringify } from 'yaml';
import { HUNTING_CATEGORY } from '../build/saved-search.js';
import type { ProjectConfig } from '../config/config.js';
import { importWorkbook } from '../load/import-workbook.js';
import { durationSeconds } from '../model/duration.js';
import type { RemoteResource, SentinelClient } from './sentinel-client.js';

export type ImportedKind = 'analytic' | 'hunting' | 'parser' | 'workbook';

export interface ImportedFile {
  kind: ImportedKind;
  /** Project-relative path, forward slashes. */
  path: string;
  /** The resource name in the workspace: the item's id. */
  name: string;
  displayName: string;
  text: string;
}

export interface ImportResult {
  files: ImportedFile[];
  /** What was left out or needs a look, one line each (no secrets: names and reasons only). */
  notes: string[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OPERATORS: Record<string, string> = { GreaterThan: 'gt', LessThan: 'lt', Equal: 'eq', NotEqual: 'ne' };

/**
 * Reads the workspace and returns a file per item it can express. An item whose id the project already has
 * goes to that item's file (so a re-import updates it rather than adding a second copy); any other goes to
 * the first folder `config.paths` gives for its kind, named after its display name.
 */
export async function importWorkspace(
  client: SentinelClient,
  config: ProjectConfig,
  /** The project's items: lower-case id → project-relative file. */
  existing: ReadonlyMap<string, string> = new Map(),
): Promise<ImportResult> {
  const [rules, searches, workbooks, metadata] = await Promise.all([
    client.listAlertRules(),
    client.listSavedSearches(),
    client.listWorkbooks(),
    client.listMetadata(),
  ]);
  // Saved searches and workbooks have no version of their own: Sentinel's metadata, when there is any, has.
  const versions = new Map<string, string>();
  for (const m of metadata) {
    const { contentId, version } = m.properties;
    if (typeof contentId === 'string' && typeof version === 'string' && version)
      versions.set(contentId.toLowerCase(), version);
  }
  const versionOf = (r: RemoteResource) => versions.get(r.name.toLowerCase());
  const notes: string[] = [];
  const files: ImportedFile[] = [];
  const used = new Set<string>();
  const place = (
    kind: ImportedKind,
    folder: string,
    r: RemoteResource,
    displayName: string,
    text: string,
  ) => {
    let path = existing.get(r.name.toLowerCase());
    if (path === undefined) {
      let base = slug(displayName) || slug(r.name) || 'item';
      if (used.has(`${folder}/${base}.yaml`.toLowerCase())) base = `${base}_${slug(r.name).slice(0, 8)}`;
      path = `${folder}/${base}.yaml`;
    } else if (kind === 'workbook' && /\.json$/i.test(path)) {
      // A gallery JSON file stays one.
      text = `${JSON.stringify(JSON.parse(String(r.properties.serializedData)), null, 2)}\n`;
    }
    used.add(path.toLowerCase());
    files.push({ kind, path, name: r.name, displayName, text });
    if (!GUID.test(r.name) && kind !== 'workbook') {
      notes.push(
        `${path}: the workspace names it '${r.name}', not a GUID; it is kept as the id so publish updates it in place (kqlc check reports KQLC4003: switch it off for this id under checks.disable)`,
      );
    }
  };

  for (const r of sortByName(rules)) {
    if (r.kind !== 'Scheduled' && r.kind !== 'NRT') {
      notes.push(`alert rule '${display(r)}' (${r.name}) left out: kind ${r.kind} is not kqlc content`);
      continue;
    }
    place('analytic', folderOf(config.paths.analytics), r, display(r), yaml(ruleDoc(r, versionOf(r))));
  }
  for (const s of sortByName(searches)) {
    const p = s.properties;
    if (typeof p.functionAlias === 'string' && p.functionAlias) {
      place('parser', folderOf(config.paths.parsers), s, p.functionAlias, yaml(parserDoc(s, versionOf(s))));
    } else if (p.category === HUNTING_CATEGORY) {
      place('hunting', folderOf(config.paths.hunting), s, display(s), yaml(huntingDoc(s, versionOf(s))));
    } else {
      notes.push(
        `saved search '${display(s)}' (${s.name}) left out: category '${String(p.category ?? '')}' is neither a hunting query nor a function`,
      );
    }
  }
  for (const w of sortByName(workbooks)) {
    const data = w.properties.serializedData;
    if (typeof data !== 'string') {
      notes.push(`workbook '${display(w)}' (${w.name}) left out: the workspace gave no serializedData`);
      continue;
    }
    const folder = folderOf(config.paths.workbooks);
    const { yaml: text, diagnostics } = importWorkbook(data, `${folder}/${slug(display(w))}.json`, {
      id: w.name,
      title: display(w),
      ...optional('description', w.properties.description),
      ...optional('version', versionOf(w)),
      ...optional('category', w.properties.category === 'sentinel' ? undefined : w.properties.category),
    });
    if (text === undefined) {
      notes.push(
        `workbook '${display(w)}' (${w.name}) left out: ${diagnostics.map((d) => d.message).join('; ')}`,
      );
      continue;
    }
    place('workbook', folder, w, display(w), text);
  }
  return { files, notes };
}

function optional<K extends string>(key: K, value: unknown): { [k in K]?: string } {
  return typeof value === 'string' && value ? ({ [key]: value } as { [k in K]: string }) : {};
}

function display(r: RemoteResource): string {
  return String(r.properties.displayName ?? r.name);
}

function sortByName(list: RemoteResource[]): RemoteResource[] {
  return [...list].sort((a, b) => (display(a) < display(b) ? -1 : display(a) > display(b) ? 1 : 0));
}

/** The first folder of a configured list, for files kqlc writes. */
function folderOf(folders: readonly string[]): string {
  return (
    (folders[0] ?? '.')
      .replace(/\/+$/, '')
      .replace(/[*?{].*$/, '')
      .replace(/\/+$/, '') || '.'
  );
}

/** A file name from a display name: lower case, words joined by `_`. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 80)
    .replace(/_+$/, '');
}

/** `PT5M` → `5m`, `P14D` → `14d` when exact; otherwise the ISO text (which kqlc accepts too). */
export function shortDuration(iso: unknown): string | undefined {
  if (typeof iso !== 'string' || iso === '') return undefined;
  const seconds = durationSeconds(iso);
  if (seconds === undefined) return iso;
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
  ] as const) {
    if (seconds > 0 && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

const present = (v: unknown) =>
  v !== undefined &&
  v !== null &&
  v !== '' &&
  !(Array.isArray(v) && v.length === 0) &&
  !(typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

/** Drops null, empty and absent values, recursively, keeping key order. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = compact(v);
      if (present(c)) out[k] = c;
    }
    return out;
  }
  return value;
}

/** An alert rule in the Azure-Sentinel YAML format (the one kqlc reads). */
function ruleDoc(r: RemoteResource, version: string | undefined): Record<string, unknown> {
  const p = r.properties;
  const doc: Record<string, unknown> = {
    id: r.name,
    name: display(r),
    description: p.description,
    severity: p.severity,
    requiredDataConnectors: [],
  };
  if (r.kind === 'Scheduled') {
    doc.queryFrequency = shortDuration(p.queryFrequency);
    doc.queryPeriod = shortDuration(p.queryPeriod);
    doc.triggerOperator = OPERATORS[String(p.triggerOperator)] ?? p.triggerOperator;
    doc.triggerThreshold = p.triggerThreshold;
  }
  const techniques = [
    ...((p.techniques as string[] | undefined) ?? []),
    ...((p.subTechniques as string[] | undefined) ?? []),
  ];
  Object.assign(doc, {
    tactics: p.tactics,
    relevantTechniques: [...new Set(techniques)],
    query: p.query,
    entityMappings: p.entityMappings,
    customDetails: p.customDetails,
    alertDetailsOverride: p.alertDetailsOverride,
    incidentConfiguration: incidentConfiguration(p.incidentConfiguration),
    eventGroupingSettings: p.eventGroupingSettings,
    suppressionEnabled: p.suppressionEnabled,
    suppressionDuration: shortDuration(p.suppressionDuration),
    enabled: p.enabled,
    version: p.templateVersion ?? version,
    kind: r.kind,
  });
  const out = compact(doc) as Record<string, unknown>;
  // Kept even when empty: the Azure-Sentinel format lists the connectors a rule needs.
  out.requiredDataConnectors = [];
  if (p.enabled === false) out.enabled = false;
  if (p.suppressionEnabled === false) delete out.suppressionEnabled;
  return reorder(out, ['id', 'name', 'description', 'severity', 'requiredDataConnectors']);
}

function incidentConfiguration(value: unknown): unknown {
  if (!value || typeof value !== 'object') return undefined;
  const config = structuredClone(value) as Record<string, unknown>;
  const grouping = config.groupingConfiguration as Record<string, unknown> | undefined;
  if (grouping?.lookbackDuration) grouping.lookbackDuration = shortDuration(grouping.lookbackDuration);
  // false is a value here, not an absence.
  const keepFalse = (o: Record<string, unknown> | undefined, keys: string[]) => {
    const out = compact(o) as Record<string, unknown>;
    for (const k of keys) if (o?.[k] === false) out[k] = false;
    return out;
  };
  const out = keepFalse(config, ['createIncident']);
  if (grouping) out.groupingConfiguration = keepFalse(grouping, ['enabled', 'reopenClosedIncident']);
  return out;
}

function reorder(doc: Record<string, unknown>, first: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of first) if (k in doc) out[k] = doc[k];
  for (const [k, v] of Object.entries(doc)) if (!(k in out)) out[k] = v;
  return out;
}

function tagOf(s: RemoteResource, name: string): string | undefined {
  const tags = (s.properties.tags as { name?: string; value?: string }[] | undefined) ?? [];
  return tags.find((t) => t.name?.toLowerCase() === name.toLowerCase())?.value;
}

const list = (text: string | undefined) =>
  (text ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

function huntingDoc(s: RemoteResource, version: string | undefined): Record<string, unknown> {
  return compact({
    id: s.name,
    name: display(s),
    description: tagOf(s, 'description'),
    requiredDataConnectors: [],
    tactics: list(tagOf(s, 'tactics')),
    relevantTechniques: list(tagOf(s, 'techniques')),
    query: s.properties.query,
    version,
  }) as Record<string, unknown>;
}

/**
 * A parser: in kqlc's own form, or, when a parameter has a default, in the Azure-Sentinel solution form,
 * whose defaults are KQL text (`datetime(null)`, `dynamic([])`) as `functionParameters` holds them.
 */
function parserDoc(s: RemoteResource, version: string | undefined): Record<string, unknown> {
  const p = s.properties;
  const parameters = splitTopLevel(String(p.functionParameters ?? '')).map((text) => {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:=\s*([\s\S]*?))?\s*$/.exec(
      text,
    );
    if (!m) return { name: text.trim(), type: 'string' };
    return m[3] === undefined ? { name: m[1], type: m[2] } : { name: m[1], type: m[2], default: m[3] };
  });
  const title = p.displayName !== p.functionAlias ? p.displayName : undefined;
  if (parameters.some((x) => 'default' in x)) {
    return compact({
      id: s.name,
      Function: { Title: title ?? p.functionAlias, Version: version },
      Category: p.category,
      FunctionName: p.functionAlias,
      FunctionParams: parameters.map((x) => compact({ Name: x.name, Type: x.type, Default: x.default })),
      FunctionQuery: p.query,
    }) as Record<string, unknown>;
  }
  return compact({
    id: s.name,
    name: p.functionAlias,
    title,
    category: p.category,
    version,
    parameters,
    query: p.query,
  }) as Record<string, unknown>;
}

/** Splits at commas outside brackets and quotes. */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (text.slice(start).trim()) out.push(text.slice(start));
  return out.filter((t) => t.trim());
}

function yaml(doc: Record<string, unknown>): string {
  return stringify(doc, { lineWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false });
}
