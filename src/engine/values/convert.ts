/**
 * Conversions between JSON-form values (test fixtures, query results) and the engine's internal values:
 * string "" (never null), bool/int/real number or null, long number (bigint beyond ±2^53) or null,
 * datetime/timespan bigint ticks or null, guid lower-case string or null, dynamic (see dynamic.ts).
 */
import type { KqlType } from '../../kql/types.js';
import {
  type Dyn,
  dynLong,
  dynReal,
  fromJsValue,
  isDynReal,
  parseJsonText,
  stringifyDyn,
  toJsValue,
} from './dynamic.js';
import { formatDateTime, formatTimespan, parseDateTime, parseTimespan, UNIX_EPOCH_TICKS } from './ticks.js';

/** Longs within ±2^53 are held as numbers (exact in a double); beyond, as bigints. */
const MAX_EXACT = 9007199254740992n;

/** A long in canonical form: a number when safe, else a bigint; wraps to 64 bits like Kusto. */
export function normLong(v: bigint): number | bigint {
  let x = v;
  if (x > 9223372036854775807n || x < -9223372036854775808n) x = BigInt.asIntN(64, x);
  return x >= -MAX_EXACT && x <= MAX_EXACT ? Number(x) : x;
}

export function parseLongText(text: string): number | bigint | null {
  const s = text.trim();
  if (/^[+-]?\d+$/.test(s)) return normLong(BigInt(s));
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
    const n = Number(s);
    return Number.isFinite(n) ? normLong(BigInt(Math.trunc(n))) : null;
  }
  return null;
}

function toInt32(n: number): number {
  return n | 0;
}

/** Converts a JSON-form input value to the internal value of `type` (nulls and bad values give the type's null). */
export function fromInput(v: unknown, type: KqlType): unknown {
  if (v === undefined || v === null) return type === 'string' ? '' : null;
  switch (type) {
    case 'string':
      return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number') return v !== 0;
      if (typeof v === 'string') {
        const s = v.trim().toLowerCase();
        return s === 'true' || s === '1' ? true : s === 'false' || s === '0' ? false : null;
      }
      return null;
    case 'int': {
      const l = fromInput(v, 'long');
      return l === null ? null : toInt32(Number(l));
    }
    case 'long':
      if (typeof v === 'number') return Number.isFinite(v) ? normLong(BigInt(Math.trunc(v))) : null;
      if (typeof v === 'bigint') return normLong(v);
      if (typeof v === 'string') return parseLongText(v);
      if (typeof v === 'boolean') return v ? 1 : 0;
      return null;
    case 'real':
    case 'decimal':
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      if (typeof v === 'string') {
        const s = v.trim();
        if (/^nan$/i.test(s)) return Number.NaN;
        if (/^[+-]?inf(inity)?$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
        const n = s === '' ? Number.NaN : Number(s);
        return Number.isNaN(n) ? null : n;
      }
      return null;
    case 'datetime':
      if (v instanceof Date) return BigInt(v.getTime()) * 10_000n + UNIX_EPOCH_TICKS;
      if (typeof v === 'string') return parseDateTime(v);
      return null;
    case 'timespan':
      if (typeof v === 'string') return parseTimespan(v);
      if (typeof v === 'bigint') return v;
      return null;
    case 'guid':
      return typeof v === 'string' && v.trim() !== '' ? v.trim().toLowerCase() : null;
    case 'dynamic':
      if (typeof v === 'string') {
        try {
          return parseJsonText(v);
        } catch {
          return v;
        }
      }
      return fromJsValue(v);
  }
}

/** Internal value → JSON-form output value. */
export function toOutput(v: unknown, type: KqlType): unknown {
  if (v === null || v === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'datetime':
      return formatDateTime(v as bigint);
    case 'timespan':
      return formatTimespan(v as bigint);
    case 'dynamic':
      return toJsValue(v as Dyn);
    case 'long':
      return typeof v === 'bigint' ? v.toString() : v;
    default:
      return v;
  }
}

/** `toOutput` specialised to one column type, for converting a whole result column. */
export function outputConverter(type: KqlType): (v: unknown) => unknown {
  switch (type) {
    case 'string':
      return (v) => (v === null || v === undefined ? '' : v);
    case 'datetime':
      return (v) => (v === null || v === undefined ? null : formatDateTime(v as bigint));
    case 'timespan':
      return (v) => (v === null || v === undefined ? null : formatTimespan(v as bigint));
    case 'dynamic':
      return (v) => (v === null || v === undefined ? null : toJsValue(v as Dyn));
    case 'long':
      return (v) => (v === null || v === undefined ? null : typeof v === 'bigint' ? v.toString() : v);
    default:
      return (v) => (v === undefined ? null : v);
  }
}

/** `tostring()` of a real: integral values without a fraction, as Kusto prints them. */
export function realToString(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return String(n);
}

/** `tostring()` of a value of a known type; null gives "". */
export function valueToString(v: unknown, type: KqlType): string {
  if (v === null || v === undefined) return '';
  switch (type) {
    case 'string':
      return v as string;
    case 'datetime':
      return formatDateTime(v as bigint);
    case 'timespan':
      return formatTimespan(v as bigint);
    case 'real':
    case 'decimal':
      return realToString(v as number);
    case 'dynamic':
      return dynToString(v as Dyn);
    default:
      return String(v);
  }
}

/** `tostring()` of a dynamic value: strings unquoted, bools `True`/`False`, others compact JSON. */
export function dynToString(v: Dyn): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return stringifyDyn(v);
}

/** Wraps a typed value as a dynamic value (used by pack, make_set, make_list …). */
export function toDynamic(v: unknown, type: KqlType): Dyn {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'dynamic':
      return v as Dyn;
    case 'real':
    case 'decimal':
      return dynReal(v as number);
    case 'long':
    case 'int':
      return dynLong(v as number | bigint);
    case 'datetime':
      return formatDateTime(v as bigint);
    case 'timespan':
      return formatTimespan(v as bigint);
    default:
      return v as Dyn;
  }
}

/** Converts a dynamic value to a scalar of `type` (the `to typeof()` and `toX(dynamic)` rules); null when not convertible. */
export function fromDynamic(v: Dyn, type: KqlType): unknown {
  if (v === null) return type === 'string' ? '' : null;
  switch (type) {
    case 'dynamic':
      return v;
    case 'string':
      return dynToString(v);
    case 'real':
    case 'decimal':
      if (typeof v === 'number') return v;
      if (typeof v === 'bigint') return Number(v);
      if (isDynReal(v)) return (v as { value: number }).value;
      if (typeof v === 'string') return fromInput(v, 'real');
      if (typeof v === 'boolean') return v ? 1 : 0;
      return null;
    case 'long':
    case 'int':
      if (isDynReal(v)) {
        const n = typeof v === 'number' ? v : (v as { value: number }).value;
        return fromInput(n, type);
      }
      if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean')
        return fromInput(v, type);
      return null;
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number') return v !== 0;
      if (typeof v === 'string') return fromInput(v, 'bool');
      return null;
    case 'datetime':
    case 'timespan':
    case 'guid':
      return typeof v === 'string' ? fromInput(v, type) : null;
  }
}
