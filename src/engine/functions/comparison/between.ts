/** `between (a .. b)` includes both ends; a null operand gives null. For datetimes the upper end may be a timespan offset. */
import { typeOf } from '../../compile/node.js';
import { compileScalar } from '../../compile/scalar.js';
import { align, compareNonNull, isNullValue } from '../../values/compare.js';
import { type BinaryOperator, defineBinary } from '../define.js';

function between(kind: string, negate: boolean): BinaryOperator {
  return defineBinary({
    kinds: [kind],
    compile({ node, left, leftType, ctx }) {
      const lowNode = node.Right.First;
      const highNode = node.Right.Second;
      const low = compileScalar(lowNode, ctx);
      const high = compileScalar(highNode, ctx);
      const lowType = typeOf(lowNode);
      const highType = typeOf(highNode);
      const highIsOffset = leftType === 'datetime' && highType === 'timespan';
      return (c, i) => {
        const v = left(c, i);
        const [a, lo] = align(v, leftType, low(c, i), lowType);
        let hi = high(c, i);
        if (highIsOffset && lo !== null && hi !== null) hi = (lo as bigint) + (hi as bigint);
        else [, hi] = align(v, leftType, hi, highType);
        if (isNullValue(a, leftType) || isNullValue(lo, lowType) || isNullValue(hi, highType)) return null;
        const inside = compareNonNull(a, lo) >= 0 && compareNonNull(a, hi) <= 0;
        return inside !== negate;
      };
    },
  });
}

export default [between('BetweenExpression', false), between('NotBetweenExpression', true)];
