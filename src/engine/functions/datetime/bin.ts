/**
 * `bin(value, size)` (alias `floor`) and `bin_at(value, size, at)`: floor to a multiple of size; null
 * value or a null/zero/negative size gives null. Datetimes bin on .NET ticks since 0001-01-01, as Kusto does.
 */
import type { KqlType } from '../../../kql/types.js';
import { normLong } from '../../values/convert.js';
import { DynReal } from '../../values/dynamic.js';
import { floorDiv } from '../../values/ticks.js';
import { defineFunction } from '../define.js';

function num(v: unknown): number {
  return typeof v === 'number' ? v : v instanceof DynReal ? v.value : Number(v);
}

export function binValue(v: unknown, size: unknown, type: KqlType, at: unknown = null): unknown {
  if (v === null || size === null) return null;
  if (type === 'datetime' || type === 'timespan') {
    const s = typeof size === 'bigint' ? size : BigInt(Math.trunc(num(size)));
    if (s <= 0n) return null;
    const origin = typeof at === 'bigint' ? at : 0n;
    return floorDiv((v as bigint) - origin, s) * s + origin;
  }
  const s = num(size);
  if (!(s > 0)) return null;
  const origin = at === null ? 0 : num(at);
  if (type === 'long' || type === 'int') {
    if (typeof v === 'bigint' || typeof size === 'bigint') {
      const bs = BigInt(Math.trunc(s));
      if (bs === 0n) return null;
      return normLong(
        floorDiv(BigInt(v as bigint) - BigInt(Math.trunc(origin)), bs) * bs + BigInt(Math.trunc(origin)),
      );
    }
    const r = Math.floor((num(v) - origin) / s) * s + origin;
    return type === 'int' ? r | 0 : r;
  }
  return Math.floor((num(v) - origin) / s) * s + origin;
}

export default [
  defineFunction({
    names: ['bin', 'floor'],
    compile({ args, argTypes, resultType }) {
      const [value, size] = args;
      const type = argTypes[0] === 'dynamic' ? resultType : argTypes[0];
      return (c, i) => binValue(value(c, i), size(c, i), type);
    },
  }),
  defineFunction({
    names: ['bin_at'],
    compile({ args, argTypes }) {
      const [value, size, at] = args;
      const type = argTypes[0];
      return (c, i) => {
        const a = at(c, i);
        if (a === null) return null;
        return binValue(value(c, i), size(c, i), type, a);
      };
    },
  }),
];
