/**
 * `datetime_utc_to_local(dt, tz)` and `datetime_local_to_utc(dt, tz)` with IANA zone names, through the
 * platform's time-zone database (Intl); an unknown zone or a null datetime gives null. A local time that
 * falls in a DST gap or overlap resolves with the offset in force just after the transition.
 */
import { TICKS_PER_MILLISECOND, UNIX_EPOCH_TICKS } from '../../values/ticks.js';
import { defineFunction } from '../define.js';

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatter(tz: string): Intl.DateTimeFormat | null {
  let f = formatters.get(tz);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    formatters.set(tz, f);
  }
  return f;
}

/** Offset of `tz` from UTC at the UTC instant `ms`, in milliseconds. */
function offsetAt(ms: number, f: Intl.DateTimeFormat): number {
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms)))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return local - (ms - (((ms % 1000) + 1000) % 1000));
}

function convert(toLocal: boolean) {
  return defineFunction({
    names: [toLocal ? 'datetime_utc_to_local' : 'datetime_local_to_utc'],
    compile({ args }) {
      const [dt, zone] = args;
      return (c, i) => {
        const t = dt(c, i) as bigint | null;
        const f = formatter(String(zone(c, i)));
        if (t === null || !f) return null;
        const ms = Number((t - UNIX_EPOCH_TICKS) / TICKS_PER_MILLISECOND);
        let offset: number;
        if (toLocal) offset = offsetAt(ms, f);
        else {
          const guess = ms - offsetAt(ms, f);
          offset = -offsetAt(guess, f);
        }
        return t + BigInt(offset) * TICKS_PER_MILLISECOND;
      };
    },
  });
}

export default [convert(true), convert(false)];
