/**
 * Workbooks: kqlc's YAML form back to the gallery JSON (`Notebook/1.0`) that Sentinel stores, and the
 * `Microsoft.Insights/workbooks` resource (api-version 2023-06-01) around it. The inverse of
 * `src/load/workbook-gallery.ts`: what the loader kept under `gallery` (or as `raw` steps) is put back, so a
 * gallery workbook read into YAML builds to the same JSON.
 */
import { createHash } from 'node:crypto';
import type { WorkbookItem } from '../model/content.js';
import {
  PARAMETER_TYPES,
  type WorkbookDoc,
  type WorkbookParameterDoc,
  type WorkbookStep,
} from '../model/workbook.js';
import type { BuildIssue, Built } from './issues.js';
import { type WorkspaceIds, workspaceResourceId } from './metadata.js';

type Json = Record<string, unknown>;

const WORKSPACES = 'microsoft.operationalinsights/workspaces';
export const WORKBOOK_SCHEMA =
  'https://github.com/Microsoft/Application-Insights-Workbooks/blob/master/schema/workbook.json';

export interface WorkbookResource {
  /** The workbook's GUID. */
  name: string;
  location: string;
  kind: 'shared';
  etag?: string;
  properties: {
    displayName: string;
    serializedData: string;
    version: 'Notebook/1.0';
    category: string;
    /** The workspace the workbook belongs to: Sentinel lists the workbooks whose sourceId is its workspace. */
    sourceId: string;
    description?: string;
  };
}

const DURATION = /^(\d+)(ms|d|h|m|s)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A stable GUID-shaped id from text, for parameters authored in YAML without one. */
function stableId(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function parameterToGallery(p: WorkbookParameterDoc, workbookId: string): Json {
  const out: Json = {
    id: stableId(`${workbookId}/${p.name}`),
    version: 'KqlParameterItem/1.0',
    name: p.name,
    type: PARAMETER_TYPES[p.type],
  };
  if (p.label !== undefined) out.label = p.label;
  if (p.description !== undefined) out.description = p.description;
  if (p.required !== undefined) out.isRequired = p.required;
  if (p.multiSelect !== undefined) out.multiSelect = p.multiSelect;
  if (p.quote !== undefined) out.quote = p.quote;
  if (p.delimiter !== undefined) out.delimiter = p.delimiter;
  if (p.query !== undefined) out.query = p.query;
  if (p.choices !== undefined && p.query === undefined) {
    out.jsonData = JSON.stringify(p.choices.map((c) => (typeof c === 'string' ? { value: c, label: c } : c)));
  }
  if (p.default !== undefined) {
    const m = p.type === 'timeRange' && typeof p.default === 'string' ? DURATION.exec(p.default) : null;
    out.value = m ? { durationMs: Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] } : p.default;
  }
  // What the loader kept (id, version, typeSettings …) wins over the defaults above.
  return { ...out, ...(p.gallery ?? {}) };
}

function stepToGallery(step: WorkbookStep, workbookId: string): Json {
  if ('raw' in step) return step.raw;
  const gallery = step.gallery ?? {};
  const { content: extraContent, ...own } = gallery as { content?: Json } & Json;
  const make = (type: number, content: Json): Json => {
    const out: Json = { type, content: { ...content, ...(extraContent ?? {}) } };
    if (step.name !== undefined) out.name = step.name;
    return { ...out, ...own };
  };
  if ('text' in step) return make(1, { json: step.text });
  if ('query' in step) {
    const content: Json = { version: 'KqlItem/1.0', query: step.query };
    if (step.size !== undefined) content.size = step.size;
    if (step.title !== undefined) content.title = step.title;
    if (step.timeRange !== undefined) content.timeContextFromParameter = step.timeRange;
    content.queryType = 0;
    content.resourceType = WORKSPACES;
    if (step.visualization !== undefined) content.visualization = step.visualization;
    return make(3, content);
  }
  if ('parameters' in step) {
    // No step-level queryType: each parameter carries its own.
    return make(9, {
      version: 'KqlParameterItem/1.0',
      parameters: step.parameters.map((p) => parameterToGallery(p, workbookId)),
    });
  }
  const content: Json = { version: 'NotebookGroup/1.0', groupType: 'editable' };
  // `group: Title` means a titled group. (The loader also names an untitled gallery group after its step
  // name, so such a group comes back with that title: a loss on the loader's side, see the round-trip test.)
  if (step.group !== '') content.title = step.group;
  content.items = step.items.map((s) => stepToGallery(s, workbookId));
  return make(12, content);
}

/** The gallery JSON of a workbook document. Pure. */
export function workbookGallery(doc: WorkbookDoc): Json {
  const items: WorkbookStep[] = [...doc.items];
  // Workbook-level parameters come first, as a parameters step.
  if (doc.parameters?.length) items.unshift({ parameters: doc.parameters });
  return {
    version: 'Notebook/1.0',
    items: items.map((s) => stepToGallery(s, doc.id)),
    ...(doc.gallery ?? {}),
    $schema: WORKBOOK_SCHEMA,
  };
}

/**
 * The workbook resource for a workspace. A gallery file is published as written; a YAML one is built.
 * Sentinel needs `kind: shared`, `category: sentinel`, `sourceId` = the workspace, and a `location`.
 */
export function buildWorkbook(
  item: WorkbookItem,
  workspace: WorkspaceIds & { location?: string },
): Built<WorkbookResource> {
  const issues: BuildIssue[] = [];
  if (!workspace.location) {
    issues.push({
      severity: 'error',
      path: 'location',
      message: 'a workbook needs the location of the workspace: set location in the environment of kqlc.yaml',
    });
  }
  const gallery = item.gallery ?? workbookGallery(item.doc);
  const properties: WorkbookResource['properties'] = {
    displayName: item.title,
    serializedData: JSON.stringify(gallery),
    version: 'Notebook/1.0',
    category: item.doc.category ?? 'sentinel',
    sourceId: workspaceResourceId(workspace),
  };
  if (item.doc.description) properties.description = item.doc.description;
  if (issues.some((i) => i.severity === 'error')) return { resource: undefined, issues };
  return {
    resource: { name: item.id, location: workspace.location!, kind: 'shared', properties },
    issues,
  };
}
