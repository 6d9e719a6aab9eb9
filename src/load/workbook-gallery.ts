import {
  PARAMETER_TYPES,
  type ParameterTypeName,
  type WorkbookDoc,
  type WorkbookParameterDoc,
  type WorkbookStep,
} from '../model/workbook.js';

/** Gallery JSON step types (`items[].type`). */
export const STEP = { text: 1, query: 3, parameters: 9, links: 11, group: 12 } as const;

/** The Log Analytics query type (`queryType` 0); others are Resource Graph, ARM, Metrics … */
export const LOG_ANALYTICS = 0;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when a gallery step or parameter holds a Log Analytics query (an absent queryType means one). */
export function isLogAnalytics(content: Json): boolean {
  if (content.queryType === undefined)
    return !String(content.resourceType ?? '')
      .toLowerCase()
      .includes('resourcegraph');
  return content.queryType === LOG_ANALYTICS;
}

/** A query as YAML shows it best: LF line ends, no trailing spaces. */
export function tidyQuery(query: string): string {
  return query
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t]+$/, ''))
    .join('\n');
}

/** Milliseconds → '90d', '12h', '5m', '30s' (or '1500ms'). */
export function durationText(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms > 0 && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** '90d', '12h', '5m', '30s', '1500ms' → milliseconds; undefined for anything else. */
export function durationMs(text: string): number | undefined {
  const m = /^(\d+)(ms|d|h|m|s)$/.exec(text.trim());
  if (!m) return undefined;
  const size = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms'];
  return Number(m[1]) * size;
}

const TYPE_NAMES = new Map<number, ParameterTypeName>(
  Object.entries(PARAMETER_TYPES).map(([name, n]) => [n, name as ParameterTypeName]),
);

function omit(object: Json, keys: readonly string[]): Json {
  return Object.fromEntries(Object.entries(object).filter(([k]) => !keys.includes(k)));
}

/** The properties of a step that kqlc does not model, as `gallery` (content first, then the step's own). */
function passthrough(step: Json, content: Json, modelled: readonly string[]): Json | undefined {
  const rest = omit(content, modelled);
  const own = omit(step, ['type', 'content', 'name']);
  const out: Json = { ...own };
  if (Object.keys(rest).length) out.content = rest;
  return Object.keys(out).length ? out : undefined;
}

function parameterFromGallery(p: Json): WorkbookParameterDoc | undefined {
  const type = TYPE_NAMES.get(p.type as number);
  if (!type || typeof p.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.name)) return undefined;
  const doc: WorkbookParameterDoc = { name: p.name, type };
  const modelled = [
    'name',
    'type',
    'label',
    'description',
    'isRequired',
    'multiSelect',
    'quote',
    'delimiter',
  ];
  if (typeof p.label === 'string') doc.label = p.label;
  if (typeof p.description === 'string') doc.description = p.description;
  if (typeof p.isRequired === 'boolean') doc.required = p.isRequired;
  if (typeof p.multiSelect === 'boolean') doc.multiSelect = p.multiSelect;
  if (typeof p.quote === 'string') doc.quote = p.quote;
  if (typeof p.delimiter === 'string') doc.delimiter = p.delimiter;
  if (typeof p.query === 'string' && isLogAnalytics(p)) {
    doc.query = tidyQuery(p.query);
    modelled.push('query');
  }
  if (type === 'timeRange' && isObject(p.value) && typeof p.value.durationMs === 'number') {
    if (Object.keys(p.value).length === 1) {
      doc.default = durationText(p.value.durationMs);
      modelled.push('value');
    }
  } else if (p.value !== undefined && p.value !== null) {
    doc.default = p.value;
    modelled.push('value');
  } else if (p.value === null) modelled.push('value');
  const rest = omit(p, modelled);
  if (Object.keys(rest).length) doc.gallery = rest;
  return doc;
}

function stepFromGallery(step: unknown): WorkbookStep {
  if (!isObject(step) || !isObject(step.content)) return { raw: isObject(step) ? step : { value: step } };
  const content = step.content;
  const named = typeof step.name === 'string' ? { name: step.name } : {};
  const withGallery = <T extends object>(doc: T, modelled: readonly string[]): T => {
    const gallery = passthrough(step, content, modelled);
    return gallery ? { ...doc, gallery } : doc;
  };
  switch (step.type) {
    case STEP.text:
      if (typeof content.json !== 'string') break;
      return withGallery({ text: content.json, ...named }, ['json']);
    case STEP.query: {
      if (typeof content.query !== 'string' || content.query === '' || !isLogAnalytics(content)) break;
      const doc: Extract<WorkbookStep, { query: string }> = { query: tidyQuery(content.query), ...named };
      const modelled = ['query', 'queryType', 'resourceType', 'version'];
      if (typeof content.title === 'string') {
        doc.title = content.title;
        modelled.push('title');
      }
      if (typeof content.visualization === 'string') {
        doc.visualization = content.visualization;
        modelled.push('visualization');
      }
      if (
        typeof content.size === 'number' &&
        Number.isInteger(content.size) &&
        content.size >= 0 &&
        content.size <= 4
      ) {
        doc.size = content.size;
        modelled.push('size');
      }
      if (typeof content.timeContextFromParameter === 'string') {
        doc.timeRange = content.timeContextFromParameter;
        modelled.push('timeContextFromParameter');
      }
      if (
        content.resourceType !== undefined &&
        content.resourceType !== 'microsoft.operationalinsights/workspaces'
      )
        modelled.splice(modelled.indexOf('resourceType'), 1);
      return withGallery(doc, modelled);
    }
    case STEP.parameters: {
      const parameters = Array.isArray(content.parameters) ? content.parameters : undefined;
      if (!parameters) break;
      const docs = parameters.map((p) => (isObject(p) ? parameterFromGallery(p) : undefined));
      if (docs.some((d) => d === undefined)) break;
      // The step's own queryType/resourceType stay under `gallery`: the builder adds none (each
      // parameter carries its own).
      return withGallery({ parameters: docs as WorkbookParameterDoc[], ...named }, ['parameters', 'version']);
    }
    case STEP.group: {
      if (!Array.isArray(content.items)) break;
      // An untitled group stays untitled (`group: ''`); its step name is kept as `name`.
      const title = typeof content.title === 'string' ? content.title : '';
      return withGallery({ group: title, ...named, items: content.items.map(stepFromGallery) }, [
        'items',
        'version',
        ...(typeof content.title === 'string' ? ['title'] : []),
      ]);
    }
  }
  return { raw: step };
}

/**
 * A gallery JSON workbook (`Notebook/1.0`) in kqlc's YAML form. Text, Log Analytics queries, parameters
 * and groups become YAML steps; what kqlc does not model is kept under `gallery` (or as a `raw` step),
 * so building the YAML gives back the same workbook.
 */
export function workbookDocFromGallery(gallery: Json, options: { id: string; title: string }): WorkbookDoc {
  const doc: WorkbookDoc = {
    id: options.id,
    title: options.title,
    items: Array.isArray(gallery.items) ? gallery.items.map(stepFromGallery) : [],
  };
  const rest = omit(gallery, ['version', 'items', '$schema']);
  if (Object.keys(rest).length) doc.gallery = rest;
  return doc;
}
