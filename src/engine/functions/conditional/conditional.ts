/** `iif`/`iff` (a null condition takes the else branch), `case`, `coalesce` (first non-null, non-empty), `isnull`/`isnotnull`, `isempty`/`isnotempty` ("" and null are empty), `not` (null stays null). */
import { isNullValue } from '../../values/compare.js';
import { defineFunction } from '../define.js';

function empty(v: unknown): boolean {
  return v === null || v === undefined || v === '';
}

export default [
  defineFunction({
    names: ['iif', 'iff'],
    compile({ args }) {
      const [cond, a, b] = args;
      return (c, i) => (cond(c, i) === true ? a(c, i) : b(c, i));
    },
  }),
  defineFunction({
    names: ['case'],
    compile({ args }) {
      const pairs = Math.floor((args.length - 1) / 2);
      const otherwise = args[args.length - 1];
      return (c, i) => {
        for (let k = 0; k < pairs; k++) if (args[2 * k](c, i) === true) return args[2 * k + 1](c, i);
        return otherwise(c, i);
      };
    },
  }),
  defineFunction({
    names: ['coalesce'],
    compile({ args, resultType }) {
      return (c, i) => {
        for (const a of args) {
          const v = a(c, i);
          if (!isNullValue(v, resultType) && !(resultType === 'string' && v === '')) return v;
        }
        return resultType === 'string' ? '' : null;
      };
    },
  }),
  defineFunction({
    names: ['isnull'],
    compile({ args }) {
      const a = args[0];
      return (c, i) => {
        const v = a(c, i);
        return v === null || v === undefined;
      };
    },
  }),
  defineFunction({
    names: ['isnotnull'],
    compile({ args }) {
      const a = args[0];
      return (c, i) => {
        const v = a(c, i);
        return v !== null && v !== undefined;
      };
    },
  }),
  defineFunction({
    names: ['isempty'],
    compile({ args }) {
      const a = args[0];
      return (c, i) => empty(a(c, i));
    },
  }),
  defineFunction({
    names: ['isnotempty', 'notempty'],
    compile({ args }) {
      const a = args[0];
      return (c, i) => !empty(a(c, i));
    },
  }),
  defineFunction({
    names: ['not'],
    compile({ args }) {
      const a = args[0];
      return (c, i) => {
        const v = a(c, i);
        return v === null ? null : !v;
      };
    },
  }),
];
