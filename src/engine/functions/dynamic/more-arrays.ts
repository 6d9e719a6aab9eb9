/** `array_sum` (null for a non-array or a non-numeric element), `array_iff`/`array_iif` (element-wise choice), `bag_set_key` (top-level key). */

import { toDynamic, valueToString } from '../../values/convert.js';
import { type Dyn, dynNumber, isBag, setKey } from '../../values/dynamic.js';
import { defineFunction } from '../define.js';

export default [
  defineFunction({
    names: ['array_sum'],
    compile({ args }) {
      const a = args[0];
      return (c, i) => {
        const v = a(c, i);
        if (!Array.isArray(v)) return null;
        let s = 0;
        for (const x of v as Dyn[]) {
          const n = dynNumber(x);
          if (n === undefined) return null;
          s += n;
        }
        return s;
      };
    },
  }),
  defineFunction({
    names: ['array_iff', 'array_iif'],
    compile({ args }) {
      const [cond, whenTrue, whenFalse] = args;
      return (c, i) => {
        const cs = cond(c, i);
        if (!Array.isArray(cs)) return null;
        const t = whenTrue(c, i);
        const f = whenFalse(c, i);
        return (cs as Dyn[]).map((x, k) => {
          const pick = x === true ? t : x === false ? f : null;
          if (pick === null) return null;
          return Array.isArray(pick) ? ((pick as Dyn[])[k] ?? null) : (pick as Dyn);
        });
      };
    },
  }),
  defineFunction({
    names: ['bag_set_key'],
    compile({ args, argTypes, ctx, node }) {
      const [bag, key, value] = args;
      return (c, i) => {
        const b = bag(c, i);
        if (!isBag(b)) return null;
        const k = valueToString(key(c, i), argTypes[1]);
        if (k.startsWith('$') || k.includes('['))
          return ctx.unsupported('bag_set_key with a JSONPath key', node);
        const out: Record<string, Dyn> = { ...b };
        setKey(out, k, toDynamic(value(c, i), argTypes[2]));
        return out;
      };
    },
  }),
];
