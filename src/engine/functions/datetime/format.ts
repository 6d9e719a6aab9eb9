/** `format_datetime(dt, fmt)` and `format_timespan(ts, fmt)` with Kusto's format specifiers (d, dd, M, MM, yy, yyyy, h, hh, H, HH, m, mm, s, ss, f…, F…, tt); other characters are copied. */
import { dateParts, TICKS_PER_DAY } from '../../values/ticks.js';
import { defineFunction } from '../define.js';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

function fraction(f: number, token: string): string {
  const digits = pad(f, 7).slice(0, token.length);
  return token[0] === 'F' ? digits.replace(/0+$/, '') : digits;
}

const TOKENS = /(d{1,2}|f{1,7}|F{1,7}|h{1,2}|H{1,2}|m{1,2}|M{1,2}|s{1,2}|y{4}|y{1,2}|tt|\\.|'[^']*'|.)/g;

export function formatDateTimeWith(ticks: bigint, format: string): string {
  const p = dateParts(ticks);
  return format.replace(TOKENS, (tok) => {
    switch (tok) {
      case 'd':
        return String(p.day);
      case 'dd':
        return pad(p.day, 2);
      case 'M':
        return String(p.month);
      case 'MM':
        return pad(p.month, 2);
      case 'y':
        return String(p.year % 100);
      case 'yy':
        return pad(p.year % 100, 2);
      case 'yyyy':
        return pad(p.year, 4);
      case 'h':
        return String(p.hour % 12 || 12);
      case 'hh':
        return pad(p.hour % 12 || 12, 2);
      case 'H':
        return String(p.hour);
      case 'HH':
        return pad(p.hour, 2);
      case 'm':
        return String(p.minute);
      case 'mm':
        return pad(p.minute, 2);
      case 's':
        return String(p.second);
      case 'ss':
        return pad(p.second, 2);
      case 'tt':
        return p.hour < 12 ? 'AM' : 'PM';
    }
    if (/^[fF]+$/.test(tok)) return fraction(p.fraction, tok);
    if (tok.startsWith('\\')) return tok.slice(1);
    if (tok.startsWith("'")) return tok.slice(1, -1);
    return tok;
  });
}

export function formatTimespanWith(ticks: bigint, format: string): string {
  const neg = ticks < 0n;
  const t = neg ? -ticks : ticks;
  const days = Number(t / TICKS_PER_DAY);
  const rest = Number(t % TICKS_PER_DAY);
  const f = rest % 10_000_000;
  const secs = (rest - f) / 10_000_000;
  const h = Math.floor(secs / 3600);
  const m = Math.floor(secs / 60) % 60;
  const s = secs % 60;
  const out = format.replace(/(d+|f{1,7}|F{1,7}|h{1,2}|H{1,2}|m{1,2}|s{1,2}|\\.|'[^']*'|.)/g, (tok) => {
    if (/^d+$/.test(tok)) return pad(days, tok.length);
    if (/^[hH]+$/.test(tok)) return pad(h, tok.length);
    if (/^m+$/.test(tok)) return pad(m, tok.length);
    if (/^s+$/.test(tok)) return pad(s, tok.length);
    if (/^[fF]+$/.test(tok)) return fraction(f, tok);
    if (tok.startsWith('\\')) return tok.slice(1);
    if (tok.startsWith("'")) return tok.slice(1, -1);
    return tok;
  });
  return neg ? `-${out}` : out;
}

export default [
  defineFunction({
    names: ['format_datetime'],
    compile({ args }) {
      const [dt, fmt] = args;
      return (c, i) => {
        const t = dt(c, i) as bigint | null;
        return t === null ? '' : formatDateTimeWith(t, String(fmt(c, i)));
      };
    },
  }),
  defineFunction({
    names: ['format_timespan'],
    compile({ args }) {
      const [ts, fmt] = args;
      return (c, i) => {
        const t = ts(c, i) as bigint | null;
        return t === null ? '' : formatTimespanWith(t, String(fmt(c, i)));
      };
    },
  }),
];
