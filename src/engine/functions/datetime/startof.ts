/** `startofday/week/month/year` and `endof…` with an optional offset in those units; weeks start on Sunday; `endof…` is the last tick of the period. */
import { dateParts, floorDiv, TICKS_PER_DAY, ticksFromParts } from '../../values/ticks.js';
import { defineFunction } from '../define.js';

type Unit = 'day' | 'week' | 'month' | 'year';

export function startOf(t: bigint, unit: Unit, offset: number): bigint {
  const p = dateParts(t);
  switch (unit) {
    case 'day':
      return floorDiv(t, TICKS_PER_DAY) * TICKS_PER_DAY + BigInt(offset) * TICKS_PER_DAY;
    case 'week': {
      const day = floorDiv(t, TICKS_PER_DAY) - BigInt(p.weekday);
      return (day + BigInt(offset * 7)) * TICKS_PER_DAY;
    }
    case 'month': {
      const m = p.year * 12 + (p.month - 1) + offset;
      return ticksFromParts(Math.floor(m / 12), (m % 12) + 1, 1);
    }
    case 'year':
      return ticksFromParts(p.year + offset, 1, 1);
  }
}

function define(unit: Unit, end: boolean) {
  return defineFunction({
    names: [`${end ? 'endof' : 'startof'}${unit}`],
    compile({ args }) {
      const [dt, off] = args;
      return (c, i) => {
        const t = dt(c, i) as bigint | null;
        if (t === null) return null;
        const o = off ? Number(off(c, i) ?? 0) : 0;
        return end ? startOf(t, unit, o + 1) - 1n : startOf(t, unit, o);
      };
    },
  });
}

export default (['day', 'week', 'month', 'year'] as const).flatMap((u) => [
  define(u, false),
  define(u, true),
]);
