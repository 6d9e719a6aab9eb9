import type { KqlType } from '../kql/types.js';

const TIMESPAN_LITERAL = /^\d+(\.\d+)?(d|h|m|s|ms|microsecond|tick)$/;

/**
 * Renders a YAML value as a KQL literal of the given type: a parser parameter's default, or an
 * argument a test passes to a parser. Throws with a readable message when the value cannot be one.
 */
export function kqlLiteral(value: unknown, type: KqlType): string {
  if (value === null || value === undefined) return type === 'string' ? '""' : `${type}(null)`;
  switch (type) {
    case 'string':
      return JSON.stringify(typeof value === 'string' ? value : JSON.stringify(value));
    case 'bool':
      if (typeof value === 'boolean') return String(value);
      if (value === 'true' || value === 'false') return value;
      break;
    case 'int':
    case 'long':
      if (typeof value === 'number' && Number.isInteger(value)) return `${type}(${value})`;
      if (typeof value === 'string' && /^-?\d+$/.test(value)) return `${type}(${value})`;
      break;
    case 'real':
    case 'decimal':
      if (
        typeof value === 'number' ||
        (typeof value === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value))
      )
        return `${type}(${value})`;
      break;
    case 'datetime':
      if (value instanceof Date) return `datetime(${value.toISOString()})`;
      if (typeof value === 'string' && /^[0-9T:.\-+Z ]+$/.test(value)) return `datetime(${value})`;
      break;
    case 'timespan':
      if (typeof value === 'string' && TIMESPAN_LITERAL.test(value)) return value;
      if (typeof value === 'string' && /^-?(\d+\.)?\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value))
        return `timespan(${value})`;
      break;
    case 'guid':
      if (typeof value === 'string' && /^[0-9a-fA-F-]{36}$/.test(value)) return `guid(${value})`;
      break;
    case 'dynamic':
      return `dynamic(${JSON.stringify(value)})`;
  }
  throw new Error(`${JSON.stringify(value)} is not a ${type} value`);
}
