/** `percentile(x, p)` and `percentiles(x, p1, …)`: nearest-rank on the sorted non-null values (Kusto estimates; on small samples it picks an element). */

import type { Scalar } from '../compile/context.js';
import { type Accumulator, defineAggregate } from '../functions/define.js';
import { compareNonNull } from '../values/compare.js';

/** Nearest-rank percentile of sorted values. */
export function nearestRank(sorted: unknown[], pct: number): unknown {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((pct / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/** Values of one group for `percentiles(x, p1, p2, …)`, which yields one column per percentage. */
export function percentilesAccumulator(value: Scalar, pcts: number[]): Accumulator {
  const xs: unknown[] = [];
  return {
    add(c, i) {
      const v = value(c, i);
      if (v !== null && v !== undefined) xs.push(v);
    },
    result: () => {
      xs.sort(compareNonNull);
      return pcts.map((p) => nearestRank(xs, p));
    },
  };
}

export default [
  defineAggregate({
    names: ['percentile'],
    compile(info) {
      const [value, p] = info.args;
      const pct = Number(p([], 0));
      return (): Accumulator => {
        const xs: unknown[] = [];
        return {
          add(c, i) {
            const v = value(c, i);
            if (v !== null && v !== undefined) xs.push(v);
          },
          result: () => nearestRank(xs.sort(compareNonNull), pct),
        };
      };
    },
  }),
];
