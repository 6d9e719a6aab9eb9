/** `take_any`/`any`: some non-null value of the group (we take the first seen; Kusto does not promise which). */
import { type Accumulator, defineAggregate } from '../functions/define.js';

export default [
  defineAggregate({
    names: ['take_any', 'any'],
    compile(info) {
      const value = info.args[0];
      const isString = info.argTypes[0] === 'string';
      return (): Accumulator => {
        let v: unknown = null;
        let found = false;
        return {
          add(c, i) {
            if (found) return;
            const x = value(c, i);
            if (x === null || x === undefined || (isString && x === '')) return;
            v = x;
            found = true;
          },
          result: () => (v === null && isString ? '' : v),
        };
      };
    },
  }),
];
