/** `percentile(x, p)`: nearest-rank on the sorted non-null values (Kusto estimates; on small samples it picks an element). */

import { type Accumulator, defineAggregate } from '../functions/define.js';
import { compareNonNull } from '../values/compare.js';

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
          result: () => {
            if (xs.length === 0) return null;
            xs.sort(compareNonNull);
            const rank = Math.max(1, Math.ceil((pct / 100) * xs.length));
            return xs[Math.min(xs.length, rank) - 1];
          },
        };
      };
    },
  }),
];
