/** Equality and ordering of engine values; a dynamic operand is converted to the other side's type first. */
import type { KqlType } from '../../kql/types.js';
import { fromDynamic } from './convert.js';
import { type Dyn, DynReal, dynEquals } from './dynamic.js';

function unbox(v: unknown): unknown {
  return v instanceof DynReal ? v.value : v;
}

/** Brings two operands to comparable JS values (numbers/bigints, strings, booleans). */
export function align(a: unknown, ta: KqlType, b: unknown, tb: KqlType): [unknown, unknown] {
  if (ta === 'dynamic' && tb !== 'dynamic') return [fromDynamic(a as Dyn, tb), b];
  if (tb === 'dynamic' && ta !== 'dynamic') return [a, fromDynamic(b as Dyn, ta)];
  return [a, b];
}

/** `==` without the null rules: plain equality of two non-null aligned values. */
export function sameValue(a: unknown, b: unknown, type: KqlType): boolean {
  if (type === 'dynamic') return dynEquals(a as Dyn, b as Dyn);
  if (type === 'guid') return String(a).toLowerCase() === String(b).toLowerCase();
  // biome-ignore lint/suspicious/noDoubleEquals: number == bigint compares by value
  return unbox(a) == unbox(b) && typeof unbox(a) !== 'object';
}

/** Three-way comparison of two non-null values of one type (numbers and ticks by value, strings ordinally). */
export function compareNonNull(a: unknown, b: unknown): number {
  const x = unbox(a) as number | bigint | string | boolean;
  const y = unbox(b) as number | bigint | string | boolean;
  if (typeof x === 'object' || typeof y === 'object') {
    const sx = JSON.stringify(x);
    const sy = JSON.stringify(y);
    return sx < sy ? -1 : sx > sy ? 1 : 0;
  }
  if (typeof x === 'string' && typeof y !== 'string') return 1;
  if (typeof y === 'string' && typeof x !== 'string') return -1;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isNullValue(v: unknown, type: KqlType): boolean {
  return v === null || v === undefined || (type !== 'string' && v === '' && type !== 'dynamic');
}

/** A canonical key for grouping, distinct and sets: primitives as they are, dynamic bags and arrays as JSON text. */
export function keyOf(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'object') return v;
  if (v instanceof DynReal) return v.value;
  return `\u0001${JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof DynReal ? x.value : x))}`;
}

/** A key for several values at once (join, distinct, lookup). */
export function compositeKey(values: unknown[]): unknown {
  if (values.length === 1) return keyOf(values[0]);
  let s = '';
  for (const v of values) {
    const k = keyOf(v);
    s += `${typeof k === 'string' ? `s${k}` : typeof k === 'bigint' ? `${k}n` : typeof k === 'number' ? `#${k}` : k === null ? '\u0002' : String(k)}\u0000`;
  }
  return s;
}
