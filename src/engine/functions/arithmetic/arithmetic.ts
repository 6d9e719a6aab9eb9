/**
 * `+ - * / %`: a null operand gives null; integer division truncates and by zero gives null; `%` is
 * never negative (Microsoft's numerical operators page: -14 % 12 == 10); long arithmetic is 64-bit (bigint past ±2^53); datetime/timespan in ticks.
 */
import type { KqlType } from '../../../kql/types.js';
import type { Scalar } from '../../compile/context.js';
import { fromDynamic, normLong } from '../../values/convert.js';
import { type Dyn, DynReal } from '../../values/dynamic.js';
import { type BinaryInfo, defineBinary } from '../define.js';

type Op = '+' | '-' | '*' | '/' | '%';

function num(v: unknown): number {
  return typeof v === 'number' ? v : v instanceof DynReal ? v.value : Number(v);
}

function big(v: unknown): bigint {
  return typeof v === 'bigint' ? v : BigInt(Math.trunc(num(v)));
}

function longOp(op: Op, a: unknown, b: unknown): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    let r: number;
    switch (op) {
      case '+':
        r = a + b;
        break;
      case '-':
        r = a - b;
        break;
      case '*':
        r = a * b;
        break;
      case '/':
        if (b === 0) return null;
        r = Math.trunc(a / b);
        break;
      case '%':
        if (b === 0) return null;
        r = ((a % b) + Math.abs(b)) % Math.abs(b);
        break;
    }
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
  }
  const x = big(a);
  const y = big(b);
  switch (op) {
    case '+':
      return normLong(x + y);
    case '-':
      return normLong(x - y);
    case '*':
      return normLong(x * y);
    case '/':
      return y === 0n ? null : normLong(x / y);
    case '%': {
      if (y === 0n) return null;
      const m = y < 0n ? -y : y;
      return normLong(((x % m) + m) % m);
    }
  }
}

function realOp(op: Op, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return ((a % b) + Math.abs(b)) % Math.abs(b);
  }
}

const isTicks = (t: KqlType) => t === 'datetime' || t === 'timespan';

function compileArithmetic(op: Op, info: BinaryInfo): Scalar {
  const { left, right, resultType } = info;
  let lt = info.leftType;
  let rt = info.rightType;
  let l = left;
  let r = right;
  if (lt === 'dynamic' && rt !== 'dynamic') {
    const t = rt === 'int' ? 'long' : rt;
    const f = left;
    l = (c, i) => fromDynamic(f(c, i) as Dyn, t === 'string' ? 'real' : t);
    lt = t;
  }
  if (rt === 'dynamic' && lt !== 'dynamic') {
    const t = lt === 'int' ? 'long' : lt;
    const f = right;
    r = (c, i) => fromDynamic(f(c, i) as Dyn, t === 'string' ? 'real' : t);
    rt = t;
  }
  if (lt === 'dynamic' && rt === 'dynamic') {
    const fl = left;
    const fr = right;
    l = (c, i) => fromDynamic(fl(c, i) as Dyn, 'real');
    r = (c, i) => fromDynamic(fr(c, i) as Dyn, 'real');
    lt = 'real';
    rt = 'real';
  }
  if (isTicks(lt) || isTicks(rt)) {
    return (c, i) => {
      const a = l(c, i);
      const b = r(c, i);
      if (a === null || b === null) return null;
      if (isTicks(lt) && isTicks(rt)) {
        const x = a as bigint;
        const y = b as bigint;
        if (op === '+') return x + y;
        if (op === '-') return x - y;
        if (op === '/') return y === 0n ? null : Number(x) / Number(y);
        if (op === '%') return y === 0n ? null : x % y;
        return null;
      }
      const ticks = (isTicks(lt) ? a : b) as bigint;
      const n = isTicks(lt) ? b : a;
      if (op === '*') return typeof n === 'bigint' ? ticks * n : BigInt(Math.round(Number(ticks) * num(n)));
      if (op === '/') {
        if (num(n) === 0) return null;
        return typeof n === 'bigint' || Number.isInteger(n)
          ? ticks / big(n)
          : BigInt(Math.round(Number(ticks) / num(n)));
      }
      return null;
    };
  }
  if (resultType === 'long' || resultType === 'int') {
    const int = resultType === 'int';
    return (c, i) => {
      const a = l(c, i);
      const b = r(c, i);
      if (a === null || b === null) return null;
      const v = longOp(op, a, b);
      return int && v !== null ? Number(BigInt.asIntN(32, big(v))) : v;
    };
  }
  return (c, i) => {
    const a = l(c, i);
    const b = r(c, i);
    if (a === null || b === null) return null;
    return realOp(op, num(a), num(b));
  };
}

export default [
  defineBinary({ kinds: ['AddExpression'], compile: (info) => compileArithmetic('+', info) }),
  defineBinary({ kinds: ['SubtractExpression'], compile: (info) => compileArithmetic('-', info) }),
  defineBinary({ kinds: ['MultiplyExpression'], compile: (info) => compileArithmetic('*', info) }),
  defineBinary({ kinds: ['DivideExpression'], compile: (info) => compileArithmetic('/', info) }),
  defineBinary({ kinds: ['ModuloExpression'], compile: (info) => compileArithmetic('%', info) }),
];
