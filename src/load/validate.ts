import type { TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new WeakMap<TSchema, ValidateFunction>();

/**
 * Validates a YAML document against a JSON Schema and reports each violation at the line and
 * column of the offending node (a missing property at the mapping that lacks it).
 */
export function validateAgainst(schema: TSchema, source: YamlSource, contentId?: string): Diagnostic[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(source.value)) return [];
  const errors = simplify(validate.errors ?? []);
  return errors.map((e) => {
    const path = toPath(e.instancePath, source);
    const extra =
      e.keyword === 'additionalProperties'
        ? (e.params as { additionalProperty: string }).additionalProperty
        : undefined;
    const at = extra === undefined ? source.span(path) : source.span([...path, extra], true);
    const where = extra ?? (path.length ? path.join('.') : 'document');
    return diagnostic('schemaViolation', `${where}: ${describe(e)}`, {
      file: source.file.path,
      start: at.start,
      end: at.end,
      contentId,
    });
  });
}

function describe(e: ErrorObject): string {
  if (e.keyword === 'enum')
    return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  if (e.keyword === 'additionalProperties') return 'is not a known field';
  if (e.keyword === 'anyOf') return `${e.message ?? 'is invalid'} (${anyOfHint(e)})`;
  return e.message ?? 'is invalid';
}

function anyOfHint(e: ErrorObject): string {
  const branches =
    (e.parentSchema as { anyOf?: { type?: string; description?: string }[] } | undefined)?.anyOf ?? [];
  return branches.map((b) => b.description ?? b.type ?? 'schema').join(' or ');
}

/** Drops the per-branch noise under an `anyOf`; the anyOf error itself says what was expected. */
function simplify(errors: ErrorObject[]): ErrorObject[] {
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath);
  const seen = new Set<string>();
  return errors.filter((e) => {
    if (
      e.keyword !== 'anyOf' &&
      anyOfPaths.some((p) => e.instancePath === p || e.instancePath.startsWith(`${p}/`))
    )
      return false;
    const key = `${e.instancePath}|${e.keyword}|${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** JSON Pointer → YAML path (numbers for sequence indices). */
function toPath(pointer: string, source: YamlSource): YamlPath {
  if (!pointer) return [];
  const out: (string | number)[] = [];
  let value: unknown = source.value;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key: string | number = Array.isArray(value) ? Number(segment) : segment;
    out.push(key);
    value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
  }
  return out;
}
