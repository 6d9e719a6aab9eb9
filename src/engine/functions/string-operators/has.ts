/** `has`, `hasprefix`, `hassuffix` (term matching; `_cs` forms case-sensitive) and their negations; "" on the left has nothing. */
import type { Scalar } from '../../compile/context.js';
import { type BinaryOperator, defineBinary } from '../define.js';
import { asText, hasTerm } from './text.js';

function has(
  kind: string,
  mode: 'term' | 'prefix' | 'suffix',
  negate: boolean,
  caseSensitive: boolean,
): BinaryOperator {
  return defineBinary({
    kinds: [kind],
    compile({ left, right, leftType, rightType }): Scalar {
      const l = asText(left, leftType);
      const r = asText(right, rightType);
      return (c, i) => {
        let a = l(c, i) as string;
        let b = r(c, i) as string;
        if (!caseSensitive) {
          a = a.toLowerCase();
          b = b.toLowerCase();
        }
        return hasTerm(a, b, mode) !== negate;
      };
    },
  });
}

export default [
  has('HasExpression', 'term', false, false),
  has('NotHasExpression', 'term', true, false),
  has('HasCsExpression', 'term', false, true),
  has('NotHasCsExpression', 'term', true, true),
  has('HasPrefixExpression', 'prefix', false, false),
  has('NotHasPrefixExpression', 'prefix', true, false),
  has('HasPrefixCsExpression', 'prefix', false, true),
  has('NotHasPrefixCsExpression', 'prefix', true, true),
  has('HasSuffixExpression', 'suffix', false, false),
  has('NotHasSuffixExpression', 'suffix', true, false),
  has('HasSuffixCsExpression', 'suffix', false, true),
  has('NotHasSuffixCsExpression', 'suffix', true, true),
];
