/** `<`, `<=`, `>`, `>=`: three-valued, so a null operand gives null (and `where` drops the row). */
import { align, compareNonNull, isNullValue } from '../../values/compare.js';
import { type BinaryOperator, defineBinary } from '../define.js';

function ordering(kind: string, test: (cmp: number) => boolean): BinaryOperator {
  return defineBinary({
    kinds: [kind],
    compile({ left, right, leftType, rightType }) {
      const type = leftType === 'dynamic' ? rightType : leftType;
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
