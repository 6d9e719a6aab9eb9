/** `gettype(x)`: the Kusto type name; for dynamic values the JSON kind (array, dictionary, string, int when it fits 32 bits else long, real, bool, null). */
import { DynReal, isBag } from '../../values/dynamic.js';
import { defineFunction } from '../define.js';

export default [
  defineFunction({
    names: ['gettype'],
    compile({ args, argTypes }) {
      const a = args[0];
      const t = argTypes[0];
      return (c, i) => {
        const v = a(c, i);
        if (t !== 'dynamic') return t === 'decimal' ? 'decimal' : t;
        if (v === null) return 'null';
        if (Array.isArray(v)) return 'array';
        if (v instanceof DynReal) return 'real';
        if (isBag(v)) return 'dictionary';
        if (typeof v === 'number') return !Number.isInteger(v) ? 'real' : v === (v | 0) ? 'int' : 'long';
        if (typeof v === 'bigint') return 'long';
        if (typeof v === 'boolean') return 'bool';
        return 'string';
      };
    },
  }),
];
