/** `==`, `!=` (case-sensitive) and `=~`, `!~` (case-insensitive): one null operand gives false for ==/=~ (true for !=/!~), two nulls give null. */
import { columnIndexOf } from '../../compile/context.js';
import { align, isNullValue, sameValue } from '../../values/compare.js';
import { defineBinary } from '../define.js';

function compileEquality(negate: boolean, ignoreCase: boolean) {
  return defineBinary({
    kinds: [],
    compile({ node, left, right, leftType, rightType }) {
      const type = leftType === 'dynamic' ? rightType : leftType;
      const numeric = (t: string) => t === 'int' || t === 'long' || t === 'real' || t === 'decimal';
      const constantRight = node.Right?.IsConstant === true;
      // Fast paths for the common typed comparisons (no dynamic operand, no case folding).
      if (!ignoreCase && leftType === 'string' && rightType === 'string') {
        if (constantRight) {
          const r = right([], 0);
          const k = columnIndexOf(left);
          if (k !== undefined) return (c, i) => (c[k][i] === r) !== negate;
          return (c, i) => (left(c, i) === r) !== negate;
        }
        return (c, i) => (left(c, i) === right(c, i)) !== negate;
      }
      const sameKind =
        (numeric(leftType) && numeric(rightType)) ||
        (leftType === rightType &&
          (leftType === 'datetime' || leftType === 'timespan' || leftType === 'bool'));
      if (!ignoreCase && sameKind) {
        const k = columnIndexOf(left);
        const r = constantRight ? right([], 0) : null;
        // A column against a non-null constant: a null cell is simply unequal.
        // biome-ignore lint/suspicious/noDoubleEquals: number == bigint compares by value
        if (k !== undefined && r !== null && r !== undefined) return (c, i) => (c[k][i] == r) !== negate;
        return (c, i) => {
          const a = left(c, i);
          const b = right(c, i);
          if (a === null || b === null) return a === null && b === null ? null : negate;
          // biome-ignore lint/suspicious/noDoubleEquals: number == bigint compares by value
          return (a == b) !== negate;
        };
      }
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
