/** `datetime_add(part, n, dt)` (months clamp to the month's last day, as .NET AddMonths) and `datetime_diff(part, a, b)` (period boundaries crossed from b to a). */
import {
  dateParts,
  daysFromCivil,
  floorDiv,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MILLISECOND,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
  ticksFromParts,
} from '../../values/ticks.js';
import { defineFunction } from '../define.js';
import { startOf } from './startof.js';

const FIXED: Record<string, bigint> = {
  week: TICKS_PER_DAY * 7n,
  day: TICKS_PER_DAY,
  hour: TICKS_PER_HOUR,
  minute: TICKS_PER_MINUTE,
  second: TICKS_PER_SECOND,
  millisecond: TICKS_PER_MILLISECOND,
  microsecond: 10n,
  nanosecond: 1n,
};

function addMonths(t: bigint, months: number): bigint {
  const p = dateParts(t);
  const m = p.year * 12 + (p.month - 1) + months;
  const y = Math.floor(m / 12);
  const mo = (m % 12) + 1;
  const last = daysFromCivil(mo === 12 ? y + 1 : y, mo === 12 ? 1 : mo + 1, 1) - daysFromCivil(y, mo, 1);
  const inDay = t - floorDiv(t, TICKS_PER_DAY) * TICKS_PER_DAY;
  return ticksFromParts(y, mo, Math.min(p.day, last)) + inDay;
}

export default [
  defineFunction({
    names: ['datetime_add'],
    compile({ args, ctx, node }) {
      const [part, amount, dt] = args;
      return (c, i) => {
        const t = dt(c, i) as bigint | null;
        const n = amount(c, i);
        if (t === null || n === null) return null;
        const unit = String(part(c, i)).toLowerCase();
        const k = Number(n);
        if (unit === 'year') return addMonths(t, 12 * k);
        if (unit === 'quarter') return addMonths(t, 3 * k);
        if (unit === 'month') return addMonths(t, k);
        const size = FIXED[unit];
        if (size === undefined) return ctx.unsupported(`datetime_add part '${unit}'`, node);
        return (
          t +
          (BigInt(Math.trunc(k)) * (unit === 'nanosecond' ? 1n : size)) / (unit === 'nanosecond' ? 100n : 1n)
        );
      };
    },
  }),
  defineFunction({
    names: ['datetime_diff'],
    compile({ args, ctx, node }) {
      const [part, a, b] = args;
      return (c, i) => {
        const x = a(c, i) as bigint | null;
        const y = b(c, i) as bigint | null;
        if (x === null || y === null) return null;
        const unit = String(part(c, i)).toLowerCase();
        const px = dateParts(x);
        const py = dateParts(y);
        switch (unit) {
          case 'year':
            return px.year - py.year;
          case 'quarter':
            return (
              px.year * 4 + Math.floor((px.month - 1) / 3) - (py.year * 4 + Math.floor((py.month - 1) / 3))
            );
          case 'month':
            return px.year * 12 + px.month - (py.year * 12 + py.month);
          case 'week':
            return Number((startOf(x, 'week', 0) - startOf(y, 'week', 0)) / FIXED.week);
        }
        const size = FIXED[unit];
        if (size === undefined) return ctx.unsupported(`datetime_diff part '${unit}'`, node);
        if (unit === 'nanosecond') return Number((x - y) * 100n);
        return Number(floorDiv(x, size) - floorDiv(y, size));
      };
    },
  }),
];
