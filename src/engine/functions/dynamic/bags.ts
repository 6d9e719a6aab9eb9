/** Property-bag functions: `pack`/`bag_pack` (values keep their type as dynamic), `bag_keys`, `bag_has_key`, `bag_merge` (first wins), `bag_remove_keys`. A non-bag argument gives null. */
import { toDynamic, valueToString } from '../../values/convert.js';
import { type Dyn, type DynBag, isBag, setKey } from '../../values/dynamic.js';
import { defineFunction } from '../define.js';

export default [
  defineFunction({
    names: ['pack', 'bag_pack', 'pack_dictionary'],
    compile({ args, argTypes }) {
      return (c, i) => {
        const bag: DynBag = {};
        for (let k = 0; k + 1 < args.length; k += 2)
          setKey(
            bag,
            valueToString(args[k](c, i), argTypes[k]),
            toDynamic(args[k + 1](c, i), argTypes[k + 1]),
          );
        return bag;
      };
    },
  }),
  defineFunction({
    names: ['bag_keys'],
    compile({ args }) {
      const a = args[0];
      return (c, i) => {
        const v = a(c, i);
        return isBag(v) ? Object.keys(v) : null;
      };
    },
  }),
  defineFunction({
    names: ['bag_has_key'],
    compile({ args }) {
      const [a, k] = args;
      return (c, i) => {
        const v = a(c, i);
        const key = String(k(c, i));
        if (!isBag(v)) return null;
        if (key.startsWith('$.')) {
          let cur: Dyn = v;
          for (const part of key.slice(2).split('.')) {
            if (!isBag(cur) || !Object.hasOwn(cur, part)) return false;
            cur = cur[part];
          }
          return true;
        }
        return Object.hasOwn(v, key);
      };
    },
  }),
  defineFunction({
    names: ['bag_merge'],
    compile({ args }) {
      return (c, i) => {
        const out: DynBag = {};
        for (const a of args) {
          const v = a(c, i);
          if (!isBag(v)) continue;
          for (const k of Object.keys(v)) if (!Object.hasOwn(out, k)) setKey(out, k, v[k]);
        }
        return out;
      };
    },
  }),
  defineFunction({
    names: ['bag_remove_keys'],
    compile({ args }) {
      const [a, keys] = args;
      return (c, i) => {
        const v = a(c, i);
        const ks = keys(c, i);
        if (!isBag(v)) return null;
        const drop = new Set(Array.isArray(ks) ? ks.map(String) : []);
        const out: DynBag = {};
        for (const k of Object.keys(v)) if (!drop.has(k)) setKey(out, k, v[k]);
        return out;
      };
    },
  }),
];
