/** datatable(schema)[values]: rows filled in order; each value converted to its column's declared type. */
import { elements, typeOf } from '../compile/node.js';
import { compileScalar } from '../compile/scalar.js';
import { convertValue } from '../functions/conversion/convert.js';
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['DataTableExpression'],
  needsInput: false,
  compile(node, _input, ctx, output) {
    const values = elements(node.Values);
    const width = output.length;
    if (width === 0 || values.length % width !== 0)
      return ctx.unsupported('datatable with a partial row', node);
    const cells = values.map((v, k) => {
      const fn = compileScalar(v, ctx.withSchema([]));
      const from = typeOf(v);
      const to = output[k % width].type;
      return () => {
        const x = fn([], 0);
        return from === to ? x : convertValue(x, from, to);
      };
    });
    return () => {
      const n = values.length / width;
      const data = output.map(() => new Array<unknown>(n));
      cells.forEach((cell, k) => {
        data[k % width][Math.floor(k / width)] = cell();
      });
      return { columns: output, data, length: n };
    };
  },
});
