/** Calendar parts of datetimes: `dayofweek` (a timespan since Sunday), `dayofmonth`, `dayofyear`, `hourofday`, `getmonth`/`monthofyear`, `getyear`, `weekofyear` (ISO 8601), `datetime_part`; null in, null out. */
import type { CompileContext } from '../../compile/context.js';
import type { Node } from '../../compile/node.js';
import { dateParts, daysFromCivil, TICKS_PER_DAY } from '../../values/ticks.js';
import { defineFunction } from '../define.js';

export function dayOfYear(ticks: bigint): number {
  const p = dateParts(ticks);
  return p.epochDays - daysFromCivil(p.year, 1, 1) + 1;
}

/** ISO 8601 week number (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(ticks: bigint): number {
  const p = dateParts(ticks);
  const weekdayMon = (p.weekday + 6) % 7; // 0 = Monday
  const thursday = p.epochDays - weekdayMon + 3;
  const { year } = dateParts((BigInt(thursday) + 719_162n) * TICKS_PER_DAY);
  const jan1 = daysFromCivil(year, 1, 1);
  return Math.floor((thursday - jan1) / 7) + 1;
}

function part(name: string, fn: (ticks: bigint) => unknown) {
  return defineFunction({
    names: [name],
    compile({ args }) {
      const a = args[0];
      return (c, i) => {
        const t = a(c, i) as bigint | null;
        return t === null ? null : fn(t);
      };
    },
  });
}

export function partOf(unit: string, t: bigint, ctx: CompileContext, node: Node): number {
  const p = dateParts(t);
  switch (unit.toLowerCase()) {
    case 'year':
      return p.year;
    case 'quarter':
      return Math.floor((p.month - 1) / 3) + 1;
    case 'month':
      return p.month;
    case 'week_of_year':
    case 'weekofyear':
    case 'week':
      return isoWeek(t);
    case 'day':
      return p.day;
    case 'dayofyear':
      return dayOfYear(t);
    case 'hour':
      return p.hour;
    case 'minute':
      return p.minute;
    case 'second':
      return p.second;
    case 'millisecond':
      return Math.floor(p.fraction / 10_000);
    case 'microsecond':
      return Math.floor(p.fraction / 10);
    case 'nanosecond':
      return p.fraction * 100;
  }
  return ctx.unsupported(`datetime part '${unit}'`, node);
}

export default [
  part('dayofweek', (t) => BigInt(dateParts(t).weekday) * TICKS_PER_DAY),
  part('dayofmonth', (t) => dateParts(t).day),
  part('dayofyear', dayOfYear),
  part('hourofday', (t) => dateParts(t).hour),
  part('getmonth', (t) => dateParts(t).month),
  part('monthofyear', (t) => dateParts(t).month),
  part('getyear', (t) => dateParts(t).year),
  part('weekofyear', isoWeek),
  part('week_of_year', isoWeek),
  defineFunction({
    names: ['datetime_part'],
    compile({ args, ctx, node }) {
      const [unit, dt] = args;
      return (c, i) => {
        const t = dt(c, i) as bigint | null;
        return t === null ? null : partOf(String(unit(c, i)), t, ctx, node);
      };
    },
  }),
];
