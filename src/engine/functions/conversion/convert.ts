/** `tostring`, `toint`, `tolong`, `toreal`/`todouble`, `todecimal`, `tobool`, `todatetime`, `totimespan`, `toguid`: never throw; unconvertible or null input gives the target's null (tostring gives ""). */
import type { KqlType } from '../../../kql/types.js';
import { fromDynamic, fromInput, normLong, valueToString } from '../../values/convert.js';
import type { Dyn } from '../../values/dynamic.js';
import { defineFunction } from '../define.js';

export function convertValue(v: unknown, from: KqlType, to: KqlType): unknown {
  if (v === null || v === undefined) return to === 'string' ? '' : null;
  if (to === 'string') return valueToString(v, from);
  if (from === 'dynamic') return fromDynamic(v as Dyn, to);
  if (from === to) return v;
  switch (to) {
    case 'int':
    case 'long': {
      if (from === 'datetime' || from === 'timespan')
        return to === 'long' ? normLong(v as bigint) : Number(BigInt.asIntN(32, v as bigint));
      if (from === 'real' || from === 'decimal') {
        const n = v as number;
        if (!Number.isFinite(n)) return null;
        return fromInput(Math.trunc(n), to);
      }
      return fromInput(v, to);
    }
    case 'real':
    case 'decimal':
      if (from === 'datetime' || from === 'timespan') return Number(v as bigint);
      if (typeof v === 'bigint') return Number(v);
      return fromInput(v, to);
    case 'bool':
      if (typeof v === 'number') return v !== 0;
      if (typeof v === 'bigint') return v !== 0n;
      return fromInput(v, 'bool');
    case 'datetime':
      if (from === 'string') return fromInput(v, 'datetime');
      return null;
    case 'timespan':
      if (from === 'string') return fromInput(v, 'timespan');
      if (typeof v === 'number' || typeof v === 'bigint') return BigInt(v);
      return null;
    case 'guid':
      return from === 'string' &&
        /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test((v as string).trim())
        ? (v as string).trim().toLowerCase()
        : null;
    case 'dynamic':
      return v;
  }
  return null;
}

function converter(names: string[], to: KqlType) {
  return defineFunction({
    names,
    compile({ args, argTypes }) {
      const a = args[0];
      const from = argTypes[0];
      return (c, i) => convertValue(a(c, i), from, to);
    },
  });
}

export default [
  converter(['tostring'], 'string'),
  converter(['toint'], 'int'),
  converter(['tolong'], 'long'),
  converter(['toreal', 'todouble'], 'real'),
  converter(['todecimal'], 'decimal'),
  converter(['tobool', 'toboolean'], 'bool'),
  converter(['todatetime'], 'datetime'),
  converter(['totimespan', 'totime'], 'timespan'),
  converter(['toguid'], 'guid'),
];
