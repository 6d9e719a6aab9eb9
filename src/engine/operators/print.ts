/** print: one row of the given expressions (unnamed ones get the binder's names, `print_0` …). */
import { elements } from '../compile/node.js';
import { compileScalar } from '../compile/scalar.js';
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['PrintOperator'],
  needsInput: false,
  compile(node, _input, ctx, output) {
    const fns = elements(node.Expressions).map((e) => compileScalar(e, ctx.withSchema([])));
    return () => ({ columns: output, data: fns.map((f) => [f([], 0)]), length: 1 });
  },
});
