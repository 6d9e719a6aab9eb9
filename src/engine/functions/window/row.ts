/** `row_number()`, `prev()`, `next()` on a serialized table: positions in the current row order; out of range gives the default (or null). */
import { defineFunction } from '../define.js';

export default [
  defineFunction({
    names: ['row_number'],
    compile({ args, ctx, node }) {
      if (args.length > 1) return ctx.unsupported('row_number() with a restart condition', node);
      const start = args[0] ? Number(args[0]([], 0)) : 1;
      return (_c, i) => i + start;
    },
  }),
  defineFunction({
    names: ['prev', 'next'],
    compile({ args, node, argTypes }) {
      const forward = String(node.ReferencedSymbol.Name) === 'next';
      const [value, offsetArg, defaultArg] = args;
      const offset = offsetArg ? Number(offsetArg([], 0)) : 1;
      const fallback = argTypes[0] === 'string' ? '' : null;
      return (c, i) => {
        const j = forward ? i + offset : i - offset;
        const length = c.length > 0 ? c[0].length : 0;
        if (j < 0 || j >= length) return defaultArg ? defaultArg(c, i) : fallback;
        return value(c, j);
      };
    },
  }),
];
