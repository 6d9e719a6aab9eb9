/** `now()` and `ago(t)`: one instant fixed for the whole query (the `now` option); `ago(null)` is null. */
import { defineFunction } from '../define.js';

export default [
  defineFunction({
    names: ['now'],
    compile({ args, ctx }) {
      const now = ctx.query.now;
      if (args.length === 0) return () => now;
      const offset = args[0];
      return (c, i) => {
        const o = offset(c, i) as bigint | null;
        return o === null ? null : now + o;
      };
    },
  }),
  defineFunction({
    names: ['ago'],
    compile({ args, ctx }) {
      const now = ctx.query.now;
      const a = args[0];
      return (c, i) => {
        const o = a(c, i) as bigint | null;
        return o === null ? null : now - o;
      };
    },
  }),
];
