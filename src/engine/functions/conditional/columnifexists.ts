/** `columnifexists(name, default)`: the column when the input row has it, else the default (decided once, at compile time). */
import { compileScalar } from '../../compile/scalar.js';
import { valueToString } from '../../values/convert.js';
import { convertValue } from '../conversion/convert.js';
import { defineFunction } from '../define.js';

export default [
  defineFunction({
    names: ['columnifexists'],
    compile({ argNodes, ctx, resultType }) {
      const name = valueToString(compileScalar(argNodes[0], ctx.withSchema([]))([], 0), 'string');
      const index = ctx.schema.findIndex((c) => c.name === name);
      if (index >= 0) {
        const from = ctx.schema[index].type;
        if (from === resultType) return (c, i) => c[index][i];
        return (c, i) => convertValue(c[index][i], from, resultType);
      }
      return compileScalar(argNodes[1], ctx);
    },
  }),
];
