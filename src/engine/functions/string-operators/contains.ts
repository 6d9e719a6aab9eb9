/** `contains`, `startswith`, `endswith` (case-insensitive; `_cs` forms case-sensitive) and negations; substring tests on tostring() of the operands. */
import { type BinaryOperator, defineBinary } from '../define.js';
import { asText } from './text.js';

type Test = (a: string, b: string) => boolean;

function op(kind: string, test: Test, negate: boolean, caseSensitive: boolean): BinaryOperator {
  return defineBinary({
    kinds: [kind],
    compile({ left, right, leftType, rightType }) {
      const l = asText(left, leftType);
      const r = asText(right, rightType);
      return (c, i) => {
        let a = l(c, i) as string;
        let b = r(c, i) as string;
        if (!caseSensitive) {
          a = a.toLowerCase();
          b = b.toLowerCase();
        }
        return test(a, b) !== negate;
      };
    },
  });
}

const contains: Test = (a, b) => a.includes(b);
const starts: Test = (a, b) => a.startsWith(b);
const ends: Test = (a, b) => a.endsWith(b);

export default [
  op('ContainsExpression', contains, false, false),
  op('NotContainsExpression', contains, true, false),
  op('ContainsCsExpression', contains, false, true),
  op('NotContainsCsExpression', contains, true, true),
  op('StartsWithExpression', starts, false, false),
  op('NotStartsWithExpression', starts, true, false),
  op('StartsWithCsExpression', starts, false, true),
  op('NotStartsWithCsExpression', starts, true, true),
  op('EndsWithExpression', ends, false, false),
  op('NotEndsWithExpression', ends, true, false),
  op('EndsWithCsExpression', ends, false, true),
  op('NotEndsWithCsExpression', ends, true, true),
];
