/** Bitwise functions on longs (`binary_and`, `binary_or`, `binary_xor`, `binary_not`, `binary_shift_left/right`), 64-bit; null in, null out. */
import { normLong } from '../../values/convert.js';
import { defineFunction } from '../define.js';

const big = (v: unknown) => BigInt.asIntN(64, BigInt(v as number | bigint));

function op(name: string, fn: (a: bigint, b: bigint) => bigint) {
  return defineFunction({
    names: [name],
    compile({ args }) {
      const [a, b] = args;
      return (c, i) => {
        const x = a(c, i);
        const y = b(c, i);
        return x === null || y === null ? null : normLong(BigInt.asIntN(64, fn(big(x), big(y))));
      };
    },
  });
}

export default [
  op('binary_and', (a, b) => a & b),
  op('binary_or', (a, b) => a | b),
  op('binary_xor', (a, b) => a ^ b),
  op('binary_shift_left', (a, b) => (b >= 0n && b < 64n ? a << b : 0n)),
  op('binary_shift_right', (a, b) =>
    b >= 0n && b < 64n ? BigInt.asIntN(64, BigInt.asUintN(64, a) >> b) : 0n,
  ),
  defineFunction({
    names: ['binary_not'],
    compile({ args }) {
      const a = args[0];
      return (c, i) => {
        const x = a(c, i);
        return x === null ? null : normLong(BigInt.asIntN(64, ~big(x)));
      };
    },
  }),
];
