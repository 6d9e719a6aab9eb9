/** `==`, `!=` (case-sensitive) and `=~`, `!~` (case-insensitive): one null operand gives false for ==/=~ (true for !=/!~), two nulls give null. */
import { align, isNullValue, sameValue } from '../../values/compare.js';
import { defineBinary } from '../define.js';

function compileEquality(negate: boolean, ignoreCase: boolean) {
  return defineBinary({
    kinds: [],
    compile({ left, right, leftType, rightType }) {
      const type = leftType === 'dynamic' ? rightType : leftType;
      return (c, i) => {
        let [a, b] = align(left(c, i), leftType, right(c, i), rightType);
        const na = isNullValue(a, type);
        const nb = isNullValue(b, type);
        if (na && nb) return null;
        if (na || nb) return negate;
        if (ignoreCase) {
          a = String(a).toLowerCase();
          b = String(b).toLowerCase();
        }
        return sameValue(a, b, type) !== negate;
      };
    },
  });
}

export const equal = { ...compileEquality(false, false), kinds: ['EqualExpression'] };
export const notEqual = { ...compileEquality(true, false), kinds: ['NotEqualExpression'] };
export const equalTilde = { ...compileEquality(false, true), kinds: ['EqualTildeExpression'] };
export const bangTilde = { ...compileEquality(true, true), kinds: ['BangTildeExpression'] };

export default [equal, notEqual, equalTilde, bangTilde];
