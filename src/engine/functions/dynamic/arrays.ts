/** Array functions over dynamic values: a non-array argument gives null (array_length) or is treated as no elements. */

import { compareNonNull } from '../../values/compare.js';
import { toDynamic } from '../../values/convert.js';
import { type Dyn, dynEquals, dynNumber } from '../../values/dynamic.js';
import { defineFunction } from '../define.js';

const arr = (v: unknown): Dyn[] | null => (Array.isArray(v) ? (v as Dyn[]) : null);

function uniquePush(out: Dyn[], v: Dyn): void {
  if (!out.some((x) => dynEquals(x, v))) out.push(v);
}

export default [
  defineFunction({
    names: ['array_length'],
    compile({ args }) {
      const a = args[0];
      return (c, i) => {
        const v = a(c, i);
        return Array.isArray(v) ? v.length : null;
      };
    },
  }),
  defineFunction({
    names: ['pack_array'],
    compile({ args, argTypes }) {
      return (c, i) => args.map((a, k) => toDynamic(a(c, i), argTypes[k]));
    },
  }),
  defineFunction({
    names: ['array_concat'],
    compile({ args }) {
      return (c, i) => {
        const out: Dyn[] = [];
        for (const a of args) {
          const v = arr(a(c, i));
          if (!v) return null;
          out.push(...v);
        }
        return out;
      };
    },
  }),
  defineFunction({
    names: ['array_slice'],
    compile({ args }) {
      const [a, s, e] = args;
      return (c, i) => {
        const v = arr(a(c, i));
        if (!v) return null;
        let from = Number(s(c, i));
        let to = Number(e(c, i));
        if (from < 0) from += v.length;
        if (to < 0) to += v.length;
        return v.slice(Math.max(0, from), Math.max(0, to + 1));
      };
    },
  }),
  defineFunction({
    names: ['array_index_of'],
    compile({ args, argTypes }) {
      const [a, x] = args;
      return (c, i) => {
        const v = arr(a(c, i));
        if (!v) return null;
        const needle = toDynamic(x(c, i), argTypes[1]);
        return v.findIndex((e) => dynEquals(e, needle));
      };
    },
  }),
  defineFunction({
    names: ['set_has_element'],
    compile({ args, argTypes }) {
      const [a, x] = args;
      return (c, i) => {
        const v = arr(a(c, i));
        if (!v) return null;
        const needle = toDynamic(x(c, i), argTypes[1]);
        return v.some((e) => dynEquals(e, needle));
      };
    },
  }),
  defineFunction({
    names: ['array_reverse'],
    compile({ args }) {
      const a = args[0];
      return (c, i) => {
        const v = arr(a(c, i));
        return v ? [...v].reverse() : null;
      };
    },
  }),
  defineFunction({
    names: ['array_sort_asc', 'array_sort_desc'],
    compile({ args, node, ctx }) {
      const desc = String(node.ReferencedSymbol.Name) === 'array_sort_desc';
      if (args.length > 1) return ctx.unsupported('array_sort with a nulls_last argument', node);
      const a = args[0];
      return (c, i) => {
        const v = arr(a(c, i));
        if (!v) return null;
        const nonNull = v.filter((x) => x !== null);
        const nulls = v.filter((x) => x === null);
        nonNull.sort((x, y) => {
          const nx = dynNumber(x);
          const ny = dynNumber(y);
          const r = nx !== undefined && ny !== undefined ? nx - ny : compareNonNull(x, y);
          return desc ? -r : r;
        });
        return [...nonNull, ...nulls];
      };
    },
  }),
  defineFunction({
    names: ['set_union'],
    compile({ args }) {
      return (c, i) => {
        const out: Dyn[] = [];
        for (const a of args) {
          const v = arr(a(c, i));
          if (!v) return null;
          for (const x of v) uniquePush(out, x);
        }
        return out;
      };
    },
  }),
  defineFunction({
    names: ['set_intersect'],
    compile({ args }) {
      return (c, i) => {
        const lists = args.map((a) => arr(a(c, i)));
        if (lists.some((l) => !l)) return null;
        const out: Dyn[] = [];
        for (const x of lists[0] as Dyn[])
          if (lists.every((l) => (l as Dyn[]).some((y) => dynEquals(x, y)))) uniquePush(out, x);
        return out;
      };
    },
  }),
  defineFunction({
    names: ['set_difference'],
    compile({ args }) {
      return (c, i) => {
        const lists = args.map((a) => arr(a(c, i)));
        if (lists.some((l) => !l)) return null;
        const out: Dyn[] = [];
        for (const x of lists[0] as Dyn[])
          if (!lists.slice(1).some((l) => (l as Dyn[]).some((y) => dynEquals(x, y)))) uniquePush(out, x);
        return out;
      };
    },
  }),
  defineFunction({
    names: ['zip'],
    compile({ args }) {
      return (c, i) => {
        const lists = args.map((a) => arr(a(c, i)));
        if (lists.some((l) => !l)) return null;
        const n = Math.max(...lists.map((l) => (l as Dyn[]).length));
        return Array.from({ length: n }, (_, k) => lists.map((l) => (l as Dyn[])[k] ?? null));
      };
    },
  }),
];
