/**
 * Counting and arithmetic aggregates. Nulls are skipped; over no rows count/dcount/sum give 0, min/max null,
 * avg NaN (as Microsoft documents). `*if` forms count a row only when the predicate is true.
 */
import type { Scalar } from '../compile/context.js';
import { type Accumulator, type AggregateInfo, defineAggregate } from '../functions/define.js';
import { compareNonNull, keyOf } from '../values/compare.js';
import { normLong } from '../values/convert.js';
import { DynReal } from '../values/dynamic.js';

const isNull = (v: unknown) => v === null || v === undefined;

function num(v: unknown): number {
  return typeof v === 'number' ? v : v instanceof DynReal ? v.value : Number(v);
}

/** For `xif(expr, predicate)`: the value scalar and a row filter. */
function split(info: AggregateInfo, conditional: boolean): { value?: Scalar; when?: Scalar } {
  if (!conditional) return { value: info.args[0] };
  if (info.args.length === 1) return { when: info.args[0] };
  return { value: info.args[0], when: info.args[info.args.length - 1] };
}

class CountAccumulator implements Accumulator {
  private n = 0;
  constructor(
    private readonly value: Scalar | undefined,
    private readonly when: Scalar | undefined,
  ) {}
  add(c: unknown[][], i: number): void {
    if (this.when && this.when(c, i) !== true) return;
    if (this.value && isNull(this.value(c, i))) return;
    this.n++;
  }
  result(): number {
    return this.n;
  }
}

function counting(names: string[], conditional: boolean) {
  return defineAggregate({
    names,
    compile(info) {
      const { value, when } = split(info, conditional);
      return (): Accumulator => new CountAccumulator(value, when);
    },
  });
}

/** Distinct values of one group; most groups see one value, so the Set is made only for a second one. */
class DistinctAccumulator implements Accumulator {
  private first: unknown = undefined;
  private set: Set<unknown> | undefined;
  constructor(
    private readonly value: Scalar,
    private readonly when: Scalar | undefined,
    private readonly dynamic: boolean,
  ) {}
  add(c: unknown[][], i: number): void {
    if (this.when && this.when(c, i) !== true) return;
    const v = this.value(c, i);
    if (isNull(v)) return;
    const k = this.dynamic ? keyOf(v) : v;
    if (this.first === undefined) this.first = k;
    else if (this.set) this.set.add(k);
    else if (k !== this.first) this.set = new Set([this.first, k]);
  }
  result(): number {
    return this.set ? this.set.size : this.first === undefined ? 0 : 1;
  }
}

function distinctCount(names: string[], conditional: boolean) {
  return defineAggregate({
    names,
    compile(info) {
      const value = info.args[0];
      const when = conditional ? info.args[1] : undefined;
      const dynamic = info.argTypes[0] === 'dynamic';
      return (): Accumulator => new DistinctAccumulator(value, when, dynamic);
    },
  });
}

function summing(names: string[], conditional: boolean) {
  return defineAggregate({
    names,
    compile(info) {
      const value = info.args[0];
      const when = conditional ? info.args[1] : undefined;
      const type = info.resultType;
      return (): Accumulator => {
        if (type === 'long' || type === 'int') {
          let big = 0n;
          let small = 0;
          let useBig = false;
          return {
            add(c, i) {
              if (when && when(c, i) !== true) return;
              const v = value(c, i);
              if (isNull(v)) return;
              if (!useBig && typeof v === 'number' && Number.isSafeInteger(small + v)) small += v;
              else {
                if (!useBig) big = BigInt(small);
                useBig = true;
                big += typeof v === 'bigint' ? v : BigInt(Math.trunc(num(v)));
              }
            },
            result: () => (useBig ? normLong(big) : small),
          };
        }
        if (type === 'timespan') {
          let t = 0n;
          return {
            add(c, i) {
              if (when && when(c, i) !== true) return;
              const v = value(c, i);
              if (!isNull(v)) t += v as bigint;
            },
            result: () => t,
          };
        }
        let s = 0;
        return {
          add(c, i) {
            if (when && when(c, i) !== true) return;
            const v = value(c, i);
            if (!isNull(v)) s += num(v);
          },
          result: () => s,
        };
      };
    },
  });
}

function averaging(names: string[], conditional: boolean) {
  return defineAggregate({
    names,
    compile(info) {
      const value = info.args[0];
      const when = conditional ? info.args[1] : undefined;
      return (): Accumulator => {
        let s = 0;
        let n = 0;
        return {
          add(c, i) {
            if (when && when(c, i) !== true) return;
            const v = value(c, i);
            if (isNull(v)) return;
            s += num(v);
            n++;
          },
          result: () => (n === 0 ? Number.NaN : s / n),
        };
      };
    },
  });
}

function extreme(names: string[], sign: 1 | -1, conditional: boolean) {
  return defineAggregate({
    names,
    compile(info) {
      const value = info.args[0];
      const when = conditional ? info.args[1] : undefined;
      const isString = info.argTypes[0] === 'string';
      return (): Accumulator => {
        let best: unknown = null;
        return {
          add(c, i) {
            if (when && when(c, i) !== true) return;
            const v = value(c, i);
            if (isNull(v)) return;
            if (best === null || compareNonNull(v, best) * sign > 0) best = v;
          },
          result: () => (best === null && isString ? '' : best),
        };
      };
    },
  });
}

function variance(
  names: string[],
  kind: 'variance' | 'variancep' | 'stdev' | 'stdevp',
  conditional: boolean,
) {
  return defineAggregate({
    names,
    compile(info) {
      const value = info.args[0];
      const when = conditional ? info.args[1] : undefined;
      return (): Accumulator => {
        const xs: number[] = [];
        return {
          add(c, i) {
            if (when && when(c, i) !== true) return;
            const v = value(c, i);
            if (!isNull(v)) xs.push(num(v));
          },
          result: () => {
            const n = xs.length;
            const population = kind.endsWith('p');
            if (n === 0 || (!population && n === 1)) return 0;
            const mean = xs.reduce((a, b) => a + b, 0) / n;
            const ss = xs.reduce((a, b) => a + (b - mean) ** 2, 0);
            const v = ss / (population ? n : n - 1);
            return kind.startsWith('stdev') ? Math.sqrt(v) : v;
          },
        };
      };
    },
  });
}

export default [
  counting(['count'], false),
  counting(['countif'], true),
  distinctCount(['dcount', 'count_distinct'], false),
  distinctCount(['dcountif', 'count_distinctif'], true),
  summing(['sum'], false),
  summing(['sumif'], true),
  averaging(['avg'], false),
  averaging(['avgif'], true),
  extreme(['max'], 1, false),
  extreme(['maxif'], 1, true),
  extreme(['min'], -1, false),
  extreme(['minif'], -1, true),
  variance(['variance'], 'variance', false),
  variance(['varianceif'], 'variance', true),
  variance(['variancep'], 'variancep', false),
  variance(['stdev'], 'stdev', false),
  variance(['stdevif'], 'stdev', true),
  variance(['stdevp'], 'stdevp', false),
];
