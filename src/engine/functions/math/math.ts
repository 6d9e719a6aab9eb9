/** Math functions on reals (ints and longs widen): null in, null out; `round` rounds half away from zero like .NET; `max_of`/`min_of` ignore nulls. */
import { compareNonNull } from '../../values/compare.js';
import { DynReal } from '../../values/dynamic.js';
import { defineFunction } from '../define.js';

const num = (v: unknown) => (typeof v === 'number' ? v : v instanceof DynReal ? v.value : Number(v));

function real1(names: string[], fn: (x: number) => number) {
  return defineFunction({
    names,
    compile({ args }) {
      const a = args[0];
      return (c, i) => {
        const v = a(c, i);
        return v === null ? null : fn(num(v));
      };
    },
  });
}

function roundHalfAway(x: number, digits: number): number {
  const f = 10 ** digits;
  const y = Math.abs(x) * f;
  const r = Math.round(y + 1e-9 * (y % 1 === 0.5 ? 1 : 0));
  return (Math.sign(x) * r) / f;
}

export default [
  defineFunction({
    names: ['abs'],
    compile({ args, resultType }) {
      const a = args[0];
      return (c, i) => {
        const v = a(c, i);
        if (v === null) return null;
        if (typeof v === 'bigint') return v < 0n ? -v : v;
        if (resultType === 'timespan') return (v as bigint) < 0n ? -(v as bigint) : v;
        return Math.abs(num(v));
      };
    },
  }),
  defineFunction({
    names: ['round'],
    compile({ args, resultType }) {
      const [a, p] = args;
      return (c, i) => {
        const v = a(c, i);
        if (v === null) return null;
        const digits = p ? Number(p(c, i) ?? 0) : 0;
        if (resultType === 'long' || resultType === 'int') return typeof v === 'bigint' ? v : num(v);
        return roundHalfAway(num(v), digits);
      };
    },
  }),
  defineFunction({
    names: ['ceiling'],
    compile({ args }) {
      const a = args[0];
      return (c, i) => {
        const v = a(c, i);
        if (v === null) return null;
        return typeof v === 'bigint' ? v : Math.ceil(num(v));
      };
    },
  }),
  defineFunction({
    names: ['pow'],
    compile({ args }) {
      const [a, b] = args;
      return (c, i) => {
        const x = a(c, i);
        const y = b(c, i);
        return x === null || y === null ? null : num(x) ** num(y);
      };
    },
  }),
  real1(['sqrt'], Math.sqrt),
  real1(['exp'], Math.exp),
  real1(['exp2'], (x) => 2 ** x),
  real1(['exp10'], (x) => 10 ** x),
  real1(['log'], Math.log),
  real1(['log2'], Math.log2),
  real1(['log10'], Math.log10),
  real1(['sign'], Math.sign),
  real1(['sin'], Math.sin),
  real1(['cos'], Math.cos),
  real1(['tan'], Math.tan),
  real1(['atan'], Math.atan),
  real1(['degrees'], (x) => (x * 180) / Math.PI),
  real1(['radians'], (x) => (x * Math.PI) / 180),
  defineFunction({ names: ['pi'], compile: () => () => Math.PI }),
  defineFunction({
    names: ['isnan'],
    compile({ args }) {
      const a = args[0];
      return (c, i) => {
        const v = a(c, i);
        return v === null ? null : Number.isNaN(num(v));
      };
    },
  }),
  defineFunction({
    names: ['isinf'],
    compile({ args }) {
      const a = args[0];
      return (c, i) => {
        const v = a(c, i);
        return v === null ? null : Math.abs(num(v)) === Infinity;
      };
    },
  }),
  defineFunction({
    names: ['isfinite'],
    compile({ args }) {
      const a = args[0];
      return (c, i) => {
        const v = a(c, i);
        return v === null ? null : Number.isFinite(num(v));
      };
    },
  }),
  defineFunction({
    names: ['max_of', 'min_of'],
    compile({ args, node, resultType }) {
      const sign = String(node.ReferencedSymbol.Name) === 'max_of' ? 1 : -1;
      return (c, i) => {
        let best: unknown = null;
        for (const a of args) {
          const v = a(c, i);
          if (v === null || v === undefined || (resultType === 'string' && v === '')) continue;
          if (best === null || compareNonNull(v, best) * sign > 0) best = v;
        }
        return best === null && resultType === 'string' ? '' : best;
      };
    },
  }),
];
