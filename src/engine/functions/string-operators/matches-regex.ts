/** `matches regex`: RE2 search (unanchored) on tostring() of the left side; the pattern is compiled once when constant. */

import { defineBinary } from '../define.js';
import { compileRegex } from '../regex.js';
import { asText } from './text.js';

export default [
  defineBinary({
    kinds: ['MatchesRegexExpression'],
    compile({ node, left, right, leftType, ctx }) {
      const l = asText(left, leftType);
      if (node.Right.IsConstant) {
        const re = compileRegex(String(right([], 0)), ctx, node.Right);
        return (c, i) => re.test(l(c, i) as string);
      }
      return (c, i) => compileRegex(String(right(c, i)), ctx, node.Right).test(l(c, i) as string);
    },
  }),
];
