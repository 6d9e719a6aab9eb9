/** range x from a to b step s: both ends included; a step that never reaches the end is refused by the row cap. */
import { typeOf } from '../compile/node.js';
import { evaluateConstant } from '../compile/scalar.js';
import { EngineError } from '../errors.js';
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['RangeOperator'],
  needsInput: false,
  compile(node, _input, ctx, output) {
    const type = output[0]?.type ?? typeOf(node.From);
    return () => {
      const from = evaluateConstant(node.From, ctx);
      const to = evaluateConstant(node.To, ctx);
      const step = evaluateConstant(node.Step, ctx);
      if (from === null || to === null || step === null) return { columns: output, data: [[]], length: 0 };
      const out: unknown[] = [];
      if (typeof from === 'bigint' || typeof to === 'bigint' || type === 'datetime' || type === 'timespan') {
        const a = BigInt(from as bigint);
        const b = BigInt(to as bigint);
        const s = BigInt(step as bigint);
        if (s === 0n) throw new EngineError('range step must not be zero', ctx.offsetOf(node));
        const count = (b - a) / s + 1n;
        if (count > 0n) ctx.query.checkRows(Number(count), 'range');
        for (let v = a; s > 0n ? v <= b : v >= b; v += s) out.push(v);
      } else {
        const a = Number(from);
        const b = Number(to);
        const s = Number(step);
        if (s === 0) throw new EngineError('range step must not be zero', ctx.offsetOf(node));
        const count = Math.floor((b - a) / s) + 1;
        if (count > 0) ctx.query.checkRows(count, 'range');
        for (let k = 0; k < count; k++) out.push(type === 'real' ? a + k * s : a + k * s);
      }
      return { columns: output, data: [out], length: out.length };
    };
  },
});
