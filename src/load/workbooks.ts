import path from 'node:path';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { EmbeddedQuery, WorkbookItem, WorkbookQuery } from '../model/content.js';
import { PARAMETER_TYPES, type WorkbookDoc, WorkbookSchema, type WorkbookStep } from '../model/workbook.js';
import { stableGuid } from './stable-id.js';
import { validateAgainst } from './validate.js';
import { isLogAnalytics, STEP, workbookDocFromGallery } from './workbook-gallery.js';
import { substituteTokens, type TokenParameter } from './workbook-tokens.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Separates the queries in a workbook item's combined query text. */
const QUERY_SEPARATOR = '\n\n';

interface Found {
  path: YamlPath;
  label: string;
}

/**
 * A workbook file → a workbook item holding each of its Log Analytics queries, tokens substituted.
 * Gallery JSON (`"version": "Notebook/1.0"`) is read through the YAML parser (JSON is YAML), so every
 * query keeps its position in the file; anything else is kqlc's YAML form.
 */
export function workbookFromSource(source: YamlSource): { item?: WorkbookItem; diagnostics: Diagnostic[] } {
  const file = source.file.path;
  const value = source.value;
  if (!isObject(value)) {
    return {
      diagnostics: [
        diagnostic('notAnObject', 'a workbook must be a JSON object or YAML mapping', {
          file,
          ...source.span([]),
        }),
      ],
    };
  }
  const gallery = value.version === 'Notebook/1.0' || /\.json$/i.test(file);
  return gallery ? galleryWorkbook(source, value) : yamlWorkbook(source, value);
}

function galleryWorkbook(
  source: YamlSource,
  value: Json,
): { item?: WorkbookItem; diagnostics: Diagnostic[] } {
  const file = source.file.path;
  const diagnostics: Diagnostic[] = [];
  const invalid = (message: string, at: YamlPath) =>
    diagnostics.push(diagnostic('workbookInvalid', message, { file, ...source.span(at) }));
  if (value.version !== 'Notebook/1.0') {
    invalid(`not a gallery workbook: version must be 'Notebook/1.0'`, ['version']);
    return { diagnostics };
  }
  if (!Array.isArray(value.items)) {
    invalid('items: must be an array of workbook steps', ['items']);
    return { diagnostics };
  }
  const parameters = new Map<string, TokenParameter>();
  const queries: Found[] = [];
  const walk = (steps: unknown[], base: YamlPath) => {
    steps.forEach((step, i) => {
      const at = [...base, i];
      if (!isObject(step) || typeof step.type !== 'number') {
        invalid('a workbook step must be an object with a numeric type', at);
        return;
      }
      const content = step.content;
      const label = typeof step.name === 'string' ? step.name : `step ${at.join('.')}`;
      if (!isObject(content)) {
        if (step.type === STEP.query || step.type === STEP.parameters || step.type === STEP.group)
          invalid(`step '${label}' has no content`, at);
        return;
      }
      exportedParameters(content, parameters);
      if (step.type === STEP.query && isLogAnalytics(content)) {
        if (typeof content.query !== 'string' || content.query.trim() === '')
          invalid(`query step '${label}' has no query`, [...at, 'content']);
        else
          queries.push({
            path: [...at, 'content', 'query'],
            label: typeof content.title === 'string' && content.title ? content.title : label,
          });
      } else if (step.type === STEP.parameters) {
        if (!Array.isArray(content.parameters)) {
          invalid(`parameters step '${label}' has no parameters array`, [...at, 'content']);
          return;
        }
        content.parameters.forEach((p, k) => {
          const pAt = [...at, 'content', 'parameters', k];
          if (!isObject(p) || typeof p.name !== 'string' || typeof p.type !== 'number') {
            invalid('a parameter must have a name and a numeric type', pAt);
            return;
          }
          parameters.set(p.name, {
            name: p.name,
            type: p.type,
            multiSelect: p.multiSelect === true,
            quote: typeof p.quote === 'string' ? p.quote : undefined,
            delimiter: typeof p.delimiter === 'string' ? p.delimiter : undefined,
            value: p.value,
          });
          if (typeof p.query === 'string' && p.query.trim() !== '' && isLogAnalytics(p))
            queries.push({ path: [...pAt, 'query'], label: `parameter ${p.name}` });
        });
      } else if (step.type === STEP.group) {
        if (!Array.isArray(content.items)) invalid(`group '${label}' has no items array`, [...at, 'content']);
        else walk(content.items, [...at, 'content', 'items']);
      }
    });
  };
  walk(value.items, ['items']);
  if (value.tests !== undefined) {
    // The JSON is published as written: tests in it would go to Sentinel and never run here.
    const sibling = path.basename(file).replace(/\.json$/i, '.tests.yaml');
    invalid(`tests of a gallery JSON workbook go in a sibling ${sibling}, not in the workbook`, ['tests']);
  }
  const template = typeof value.fromTemplateId === 'string' ? value.fromTemplateId : undefined;
  const title = path.basename(file).replace(/\.json$/i, '');
  const id = stableGuid(`workbook:${template ?? file}`);
  const doc = workbookDocFromGallery(value, { id, title });
  return {
    item: itemOf(source, { form: 'gallery', id, title, doc, gallery: value }, queries, parameters),
    diagnostics,
  };
}

function yamlWorkbook(source: YamlSource, value: Json): { item?: WorkbookItem; diagnostics: Diagnostic[] } {
  const file = source.file.path;
  const contentId = typeof value.id === 'string' ? value.id : undefined;
  const diagnostics = validateAgainst(WorkbookSchema, source, contentId);
  if (diagnostics.length) return { diagnostics };
  const doc = value as unknown as WorkbookDoc;
  const parameters = new Map<string, TokenParameter>();
  const queries: Found[] = [];
  const timeRanges: { name: string; path: YamlPath }[] = [];
  const addParameters = (list: NonNullable<WorkbookDoc['parameters']>, base: YamlPath) => {
    list.forEach((p, k) => {
      parameters.set(p.name, {
        name: p.name,
        type: PARAMETER_TYPES[p.type],
        multiSelect: p.multiSelect === true,
        quote: p.quote,
        delimiter: p.delimiter,
        value: p.type === 'timeRange' ? undefined : p.default,
      });
      if (p.query !== undefined) queries.push({ path: [...base, k, 'query'], label: `parameter ${p.name}` });
    });
  };
  addParameters(doc.parameters ?? [], ['parameters']);
  const walk = (steps: WorkbookStep[], base: YamlPath) => {
    steps.forEach((step, i) => {
      const at = [...base, i];
      const passthrough = (step as { gallery?: { content?: unknown } }).gallery?.content;
      if (isObject(passthrough)) exportedParameters(passthrough, parameters);
      if ('query' in step) {
        queries.push({ path: [...at, 'query'], label: step.title ?? step.name ?? `step ${at.join('.')}` });
        if (step.timeRange) timeRanges.push({ name: step.timeRange, path: [...at, 'timeRange'] });
      } else if ('parameters' in step) addParameters(step.parameters, [...at, 'parameters']);
      else if ('group' in step) walk(step.items, [...at, 'items']);
    });
  };
  walk(doc.items, ['items']);
  for (const t of timeRanges) {
    // A name no step declares may be exported by a chart the YAML does not model: only a clash is wrong.
    const p = parameters.get(t.name);
    if (p && p.type !== PARAMETER_TYPES.timeRange) {
      diagnostics.push(
        diagnostic(
          'workbookInvalid',
          `timeRange: '${t.name}' is not a time range parameter of this workbook`,
          {
            file,
            ...source.span(t.path),
            contentId: doc.id,
          },
        ),
      );
    }
  }
  const item = itemOf(source, { form: 'yaml', id: doc.id, title: doc.title, doc }, queries, parameters);
  return { item, diagnostics };
}

function itemOf(
  source: YamlSource,
  head: Pick<WorkbookItem, 'form' | 'id' | 'title' | 'doc' | 'gallery'>,
  found: Found[],
  parameters: ReadonlyMap<string, TokenParameter>,
): WorkbookItem {
  const queries: WorkbookQuery[] = [];
  let offset = 0;
  for (const f of found) {
    const raw = valueAt(source.value, f.path) as string;
    const nodeStart = source.node(f.path)?.range?.[0] ?? 0;
    const toFile = source.scalarOffsets(f.path) ?? (() => nodeStart);
    const substituted = substituteTokens(raw, parameters);
    const query: EmbeddedQuery = {
      text: substituted.text,
      fileOffset: (o) => toFile(substituted.toRaw(o)),
    };
    queries.push({ path: [...f.path], label: f.label, query, offset });
    offset += substituted.text.length + QUERY_SEPARATOR.length;
  }
  const text = queries.map((q) => q.query.text).join(QUERY_SEPARATOR);
  const combined: EmbeddedQuery = {
    text,
    fileOffset(o) {
      let q = queries[0];
      for (const candidate of queries) if (candidate.offset <= o) q = candidate;
      if (!q) return 0;
      return q.query.fileOffset(Math.min(o - q.offset, q.query.text.length));
    },
  };
  return {
    kind: 'workbook',
    name: head.title,
    source,
    query: combined,
    tests: [],
    queries,
    tokenParameters: parameters,
    ...head,
  } as WorkbookItem;
}

/**
 * Parameters a step exports for later steps: a chart's time brush (a time range), and values selected
 * in a grid or chart (`exportParameterName`, `exportedParameters`).
 */
function exportedParameters(content: Json, parameters: Map<string, TokenParameter>): void {
  const add = (name: unknown, type: number) => {
    if (typeof name === 'string' && name !== '' && !parameters.has(name))
      parameters.set(name, { name, type });
  };
  add(content.timeBrushParameterName, PARAMETER_TYPES.timeRange);
  add(content.exportParameterName, PARAMETER_TYPES.text);
  if (Array.isArray(content.exportedParameters))
    for (const e of content.exportedParameters)
      if (isObject(e))
        add(e.parameterName, typeof e.parameterType === 'number' ? e.parameterType : PARAMETER_TYPES.text);
}

function valueAt(value: unknown, at: YamlPath): unknown {
  let v = value;
  for (const key of at) v = (v as Record<string | number, unknown> | undefined)?.[key];
  return v;
}
