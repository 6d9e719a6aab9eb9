/** `and`/`or`: as Microsoft documents, a null operand acts as false (`null and true` is false, `null or true` is true). */
import { defineBinary } from '../define.js';

export default [
  defineBinary({
    kinds: ['AndExpression'],
    compile:
      ({ left, right }) =>
      (c, i) =>
        left(c, i) === true && right(c, i) === true,
  }),
  defineBinary({
    kinds: ['OrExpression'],
    compile:
      ({ left, right }) =>
      (c, i) =>
        left(c, i) === true || right(c, i) === true,
  }),
];
