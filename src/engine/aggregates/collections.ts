/**
 * `make_set`, `make_list` (+ `_if`, `make_list_with_nulls`), `make_bag`: nulls are skipped (except with_nulls),
 * make_set unions the elements of dynamic arrays while make_list keeps each value as one element;
 * an optional max size caps the result (default 1,048,576), over no rows the result is `[]` / `{}`.
 */
import type { Scalar } from '../compile/context.js';
import { type Accumulator, defineAggregate } from '../functions/define.js';
import { keyOf } from '../values/compare.js';
import { toDynamic } from '../values/convert.js';
import { type Dyn, type DynBag, isBag, setKey } from '../values/dynamic.js';

const DEFAULT_MAX = 1_048_576;

function maxOf(arg: Scalar | undefined): number {
  if (!arg) return DEFAULT_MAX;
  const n = Number(arg([], 0));
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_MAX;
}

function collect(names: string[], unique: boolean, conditional: boolean, keepNulls = false) {
  return defineAggregate({
    names,
    compile(info) {
      const value = info.args[0];
      const when = conditional ? info.args[1] : undefined;
      const max = maxOf(conditional ? info.args[2] : info.args[1]);
      const type = info.argTypes[0];
      return (): Accumulator => {
        const out: Dyn[] = [];
        const seen = unique ? new Set<unknown>() : undefined;
        return {
          add(c, i) {
            if (out.length >= max) return;
            if (when && when(c, i) !== true) return;
            const v = value(c, i);
            if (!keepNulls && (v === null || v === undefined)) return;
            const d = toDynamic(v, type);
            if (seen) {
              // make_set of a dynamic array adds its elements (Microsoft's "set from array column" example).
              for (const x of Array.isArray(d) ? d : [d]) {
                if (out.length >= max) return;
                const k = keyOf(x);
                if (seen.has(k)) continue;
                seen.add(k);
                out.push(x);
              }
              return;
            }
            out.push(d);
          },
          result: () => out,
        };
      };
    },
  });
}

function bag(names: string[], conditional: boolean) {
  return defineAggregate({
    names,
    compile(info) {
      const value = info.args[0];
      const when = conditional ? info.args[1] : undefined;
      return (): Accumulator => {
        const out: DynBag = {};
        return {
          add(c, i) {
            if (when && when(c, i) !== true) return;
            const v = value(c, i);
            if (!isBag(v)) return;
            for (const k of Object.keys(v)) if (!Object.hasOwn(out, k)) setKey(out, k, v[k]);
          },
          result: () => out,
        };
      };
    },
  });
}

export default [
  collect(['make_set', 'makeset'], true, false),
  collect(['make_set_if'], true, true),
  collect(['make_list', 'makelist'], false, false),
  collect(['make_list_if'], false, true),
  collect(['make_list_with_nulls'], false, false, true),
  bag(['make_bag'], false),
  bag(['make_bag_if'], true),
];
