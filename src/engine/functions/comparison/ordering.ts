/** `<`, `<=`, `>`, `>=`: three-valued, so a null operand gives null (and `where` drops the row). */
import { align, compareNonNull, isNullValue } from '../../values/compare.js';
import { type BinaryOperator, defineBinary } from '../define.js';

function ordering(kind: string, test: (cmp: number) => boolean): BinaryOperator {
  return defineBinary({
    kinds: [kind],
    compile({ left, right, leftType, rightType }) {
      const type = leftType === 'dynamic' ? rightType : leftType;
      if (
        leftType !== 'dynamic' &&
        rightType !== 'dynamic' &&
        leftType !== 'string' &&
        rightType !== 'string'
      )
        return (c, i) => {
          const a = left(c, i);
          const b = right(c, i);
          if (a === null || a === undefined || b === null || b === undefined) return null;
          return test(a! < b! ? -1 : a! > b! ? 1 : 0);
        };
      return (c, i) => {
        const [a, b] = align(left(c, i), leftType, right(c, i), rightType);
        if (isNullValue(a, type) || isNullValue(b, type)) return null;
        return test(compareNonNull(a, b));
      };
    },
  });
}

export default [
  ordering('LessThanExpression', (x) => x < 0),
  ordering('LessThanOrEqualExpression', (x) => x <= 0),
  ordering('GreaterThanExpression', (x) => x > 0),
  ordering('GreaterThanOrEqualExpression', (x) => x >= 0),
];
