/** `make_datetime`, `make_timespan`, `unixtime_*_todatetime`: out-of-range or null parts give null. */
import {
  daysFromCivil,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MINUTE,
  TICKS_PER_SECOND,
  ticksFromParts,
  UNIX_EPOCH_TICKS,
} from '../../values/ticks.js';
import { defineFunction } from '../define.js';

function unix(name: string, ticksPerUnit: number) {
  return defineFunction({
    names: [name],
    compile({ args }) {
      const a = args[0];
      return (c, i) => {
        const v = a(c, i);
        if (v === null) return null;
        if (typeof v === 'bigint' || Number.isInteger(v)) {
          const b = BigInt(v as number | bigint);
          return ticksPerUnit >= 1
            ? UNIX_EPOCH_TICKS + b * BigInt(ticksPerUnit)
            : UNIX_EPOCH_TICKS + b / BigInt(1 / ticksPerUnit);
        }
        return UNIX_EPOCH_TICKS + BigInt(Math.round(Number(v) * ticksPerUnit));
      };
    },
  });
}

export default [
  unix('unixtime_seconds_todatetime', 10_000_000),
  unix('unixtime_milliseconds_todatetime', 10_000),
  unix('unixtime_microseconds_todatetime', 10),
  unix('unixtime_nanoseconds_todatetime', 0.01),
  defineFunction({
    names: ['make_datetime'],
    compile({ args }) {
      return (c, i) => {
        const v = args.map((a) => a(c, i));
        if (v.some((x) => x === null)) return null;
        const [y, mo, d, h = 0, mi = 0, s = 0] = v.map(Number);
        if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s >= 60 || y < 1 || y > 9999) return null;
        const days =
          (mo === 12 ? daysFromCivil(y + 1, 1, 1) : daysFromCivil(y, mo + 1, 1)) - daysFromCivil(y, mo, 1);
        if (d > days) return null;
        const whole = Math.floor(s);
        return ticksFromParts(y, mo, d, h, mi, whole, Math.round((s - whole) * 1e7));
      };
    },
  }),
  defineFunction({
    names: ['make_timespan'],
    compile({ args }) {
      return (c, i) => {
        const v = args.map((a) => a(c, i));
        if (v.some((x) => x === null)) return null;
        const n = v.map(Number);
        const [d, h, m, s] = n.length === 4 ? n : n.length === 3 ? [0, ...n] : [0, n[0], n[1] ?? 0, 0];
        const whole = Math.floor(s);
        return (
          BigInt(d) * TICKS_PER_DAY +
          BigInt(h) * TICKS_PER_HOUR +
          BigInt(m) * TICKS_PER_MINUTE +
          BigInt(whole) * TICKS_PER_SECOND +
          BigInt(Math.round((s - whole) * 1e7))
        );
      };
    },
  }),
];
