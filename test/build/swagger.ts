/**
 * Validates request bodies against Microsoft's swagger files in ../shared/specs (reference data that is not
 * part of this repository, so every user of this module must say clearly when it is absent).
 *
 * Swagger 2.0 schemas are close to JSON Schema; what differs is handled here:
 * - `$ref`s across files are inlined (relative to the file that holds them);
 * - a request body must not carry `readOnly` properties, so those are removed from `properties`;
 * - swagger allows any extra property, but the SDKs silently drop what their models do not know, so every
 *   object that is not itself an `allOf` member gets `unevaluatedProperties: false` (JSON Schema 2019-09,
 *   which sees through `allOf`): a field the api-version does not have is an error, not a silent loss;
 * - a polymorphic base (`discriminator`) is validated as the definition whose `x-ms-discriminator-value`
 *   equals the body's discriminator; callers name that definition.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019, type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js';

const here = dirname(fileURLToPath(import.meta.url));
/** ../shared/specs as seen from the repository root (KQLC_SPECS_DIR overrides it, e.g. to see the skip). */
export const SPECS_DIR = process.env.KQLC_SPECS_DIR ?? resolve(here, '../../../shared/specs');
export const specsPresent = existsSync(SPECS_DIR);

export const ALERT_RULES_SPEC =
  'specification/securityinsights/resource-manager/Microsoft.SecurityInsights/preview/2022-09-01-preview/AlertRules.json';
export const SAVED_SEARCHES_SPEC =
  'specification/operationalinsights/resource-manager/Microsoft.OperationalInsights/OperationalInsights/stable/2025-07-01/SavedSearches.json';

type Json = Record<string, unknown>;

const files = new Map<string, Json>();
function readSpec(path: string): Json {
  let doc = files.get(path);
  if (!doc) {
    doc = JSON.parse(readFileSync(path, 'utf8')) as Json;
    files.set(path, doc);
  }
  return doc;
}

function pointer(doc: Json, fragment: string): unknown {
  let node: unknown = doc;
  for (const raw of fragment.replace(/^\//, '').split('/')) {
    if (raw === '') continue;
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Json)[key];
    if (node === undefined) throw new Error(`unresolved $ref fragment ${fragment}`);
  }
  return node;
}

const DROP = new Set(['discriminator', 'x-ms-discriminator-value', 'example', 'x-ms-examples']);

/** Inlines `schema` (found in `file`) into a self-contained JSON Schema for a request body. */
function inline(schema: unknown, file: string, stack: string[], allOfMember: boolean): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, file, stack, false));
  if (schema === null || typeof schema !== 'object') return schema;
  const node = schema as Json;
  if (typeof node.$ref === 'string') {
    const [target = '', fragment = ''] = node.$ref.split('#');
    const path = target ? join(dirname(file), target) : file;
    const key = `${path}#${fragment}`;
    if (stack.includes(key)) throw new Error(`recursive schema at ${key}; not supported here`);
    const resolved = inline(pointer(readSpec(path), fragment), path, [...stack, key], allOfMember);
    const { $ref: _ref, ...siblings } = node;
    if (Object.keys(siblings).length === 0) return resolved;
    return { allOf: [resolved, inline(siblings, file, stack, true)] };
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROP.has(key) || key.startsWith('x-ms-')) continue;
    if (key === 'properties') {
      const props: Json = {};
      for (const [name, prop] of Object.entries(value as Json)) {
        if ((prop as Json).readOnly === true) continue;
        props[name] = inline(prop, file, stack, false);
      }
      out.properties = props;
    } else if (key === 'allOf') {
      out.allOf = (value as unknown[]).map((s) => inline(s, file, stack, true));
    } else if (key === 'additionalProperties' || key === 'items') {
      out[key] = typeof value === 'object' ? inline(value, file, stack, false) : value;
    } else {
      out[key] = value;
    }
  }
  const isObject = out.type === 'object' || out.properties !== undefined || out.allOf !== undefined;
  if (isObject && !allOfMember && out.additionalProperties === undefined) out.unevaluatedProperties = false;
  return out;
}

const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

function newAjv(): Ajv2019 {
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  ajv.addFormat('duration', ISO_DURATION);
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && Math.abs(n) < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  ajv.addFormat('arm-id', () => true);
  return ajv;
}

const compiled = new Map<string, ValidateFunction>();

/** A validator for a request body of `definition` in the swagger file `spec` (relative to SPECS_DIR). */
export function requestValidator(spec: string, definition: string): ValidateFunction {
  const key = `${spec}#${definition}`;
  let validate = compiled.get(key);
  if (!validate) {
    const file = join(SPECS_DIR, spec);
    const schema = inline({ $ref: `#/definitions/${definition}` }, file, [], false);
    validate = newAjv().compile(schema as object);
    compiled.set(key, validate);
  }
  return validate;
}

/** Error messages of validating `body`, empty when valid. */
export function validateRequestBody(spec: string, definition: string, body: unknown): string[] {
  const validate = requestValidator(spec, definition);
  if (validate(body)) return [];
  return (validate.errors ?? []).map(formatError);
}

function formatError(e: ErrorObject): string {
  const where = e.instancePath || '(body)';
  if (e.keyword === 'unevaluatedProperties') {
    return `${where}: property '${(e.params as { unevaluatedProperty: string }).unevaluatedProperty}' is not in the spec (or is read-only)`;
  }
  return `${where}: ${e.message ?? e.keyword}`;
}

/** The swagger definition of an alert rule body of this kind. */
export function alertRuleDefinition(kind: string): string {
  const d = readSpec(join(SPECS_DIR, ALERT_RULES_SPEC)).definitions as Record<string, Json>;
  const extendsAlertRule = (s: Json) =>
    Array.isArray(s.allOf) && s.allOf.some((a) => (a as Json).$ref === '#/definitions/AlertRule');
  const found = Object.entries(d).find(
    ([, s]) => s['x-ms-discriminator-value'] === kind && extendsAlertRule(s),
  );
  if (!found) throw new Error(`no alert rule definition for kind ${kind}`);
  return found[0];
}

/**
 * The api-version kqlc uses for alert rules with sub-techniques. Its swagger is NOT in ../shared/specs (only
 * 2022-09-01-preview is), so its bodies are validated against the 2022-09-01-preview schema EXTENDED with
 * `properties.subTechniques: string[]` (which 2025-07-01-preview has on Scheduled and NRT rules): the
 * extension is checked here, and the rest of the body against the 2022-09-01-preview spec.
 */
export const SUB_TECHNIQUES_API_VERSION = '2025-07-01-preview';

/**
 * Errors of an alert rule PUT body at `apiVersion` (empty when valid): 2022-09-01-preview as its swagger says;
 * 2025-07-01-preview as 2022-09-01-preview plus `subTechniques` (a list of strings such as `T1078.004`).
 */
export function validateAlertRuleBody(kind: string, body: unknown, apiVersion: string): string[] {
  const definition = alertRuleDefinition(kind);
  if (apiVersion !== SUB_TECHNIQUES_API_VERSION)
    return validateRequestBody(ALERT_RULES_SPEC, definition, body);
  const errors: string[] = [];
  const b = body as { properties?: Record<string, unknown> } | null;
  if (b === null || typeof b !== 'object' || typeof b.properties !== 'object' || b.properties === null) {
    return validateRequestBody(ALERT_RULES_SPEC, definition, body);
  }
  const { subTechniques, ...properties } = b.properties;
  if (subTechniques !== undefined) {
    if (!Array.isArray(subTechniques)) errors.push('/properties/subTechniques: must be array');
    else {
      subTechniques.forEach((t, i) => {
        if (typeof t !== 'string') errors.push(`/properties/subTechniques/${i}: must be string`);
      });
    }
  }
  errors.push(...validateRequestBody(ALERT_RULES_SPEC, definition, { ...b, properties }));
  return errors;
}
