/**
 * Datetimes and timespans are bigint counts of 100 ns ticks, as in .NET and Kusto: a datetime counts
 * from 0001-01-01T00:00:00Z (so `bin` aligns as Kusto does), a timespan is a signed duration.
 */
export const TICKS_PER_MILLISECOND = 10_000n;
export const TICKS_PER_SECOND = 10_000_000n;
export const TICKS_PER_MINUTE = 600_000_000n;
export const TICKS_PER_HOUR = 36_000_000_000n;
export const TICKS_PER_DAY = 864_000_000_000n;
/** Days from 0001-01-01 to 1970-01-01. */
export const UNIX_EPOCH_DAYS = 719_162;
export const UNIX_EPOCH_TICKS = BigInt(UNIX_EPOCH_DAYS) * TICKS_PER_DAY;
export const MAX_DATETIME_TICKS = 3_155_378_975_999_999_999n; // 9999-12-31T23:59:59.9999999

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Year, month (1-12), day of days since 1970-01-01. */
export function civilFromDays(z0: number): { y: number; m: number; d: number } {
  const z = z0 + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: m <= 2 ? y + 1 : y, m, d };
}

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 … 9_999_999 */
  fraction: number;
  /** days since 1970-01-01 */
  epochDays: number;
  /** 0 = Sunday */
  weekday: number;
}

export function dateParts(ticks: bigint): DateParts {
  const dayIndex = floorDiv(ticks, TICKS_PER_DAY);
  const inDay = Number(ticks - dayIndex * TICKS_PER_DAY);
  const epochDays = Number(dayIndex) - UNIX_EPOCH_DAYS;
  const { y, m, d } = civilFromDays(epochDays);
  const fraction = inDay % 10_000_000;
  const secs = (inDay - fraction) / 10_000_000;
  return {
    year: y,
    month: m,
    day: d,
    hour: Math.floor(secs / 3600),
    minute: Math.floor(secs / 60) % 60,
    second: secs % 60,
    fraction,
    epochDays,
    weekday: (((epochDays + 4) % 7) + 7) % 7,
  };
}

export function ticksFromParts(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  fraction = 0,
): bigint {
  const days = BigInt(daysFromCivil(year, month, day) + UNIX_EPOCH_DAYS);
  const secs = BigInt(hour * 3600 + minute * 60 + second);
  return days * TICKS_PER_DAY + secs * TICKS_PER_SECOND + BigInt(fraction);
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

const fromCodes = String.fromCharCode;
const ZERO = 48;
/** The civil date of the last day formatted (a result column's datetimes often share days). */
let lastDay = Number.NaN;
let lastY = 0;
let lastM = 0;
let lastD = 0;

/** `2026-11-20T12:00:00.0000000Z`: always 7 fraction digits, as Kusto prints datetimes. */
export function formatDateTime(ticks: bigint): string {
  if (ticks >= TICKS_PER_SECOND && ticks <= MAX_DATETIME_TICKS) {
    // Years 1-9999 have four digits: the 28 characters are built in one call from the decimal digits of
    // the ticks (the last seven are the fraction), without bigint arithmetic or intermediate strings. A
    // result column formats one datetime per row, so this is a hot path.
    const digits = ticks.toString();
    const f = digits.length - 7;
    let secs = 0;
    for (let k = 0; k < f; k++) secs = secs * 10 + digits.charCodeAt(k) - ZERO;
    const days = Math.floor(secs / 86_400);
    if (days !== lastDay) {
      const { y, m, d } = civilFromDays(days - UNIX_EPOCH_DAYS);
      lastDay = days;
      lastY = y;
      lastM = m;
      lastD = d;
    }
    const y = lastY;
    const m = lastM;
    const d = lastD;
    const inDay = secs - days * 86_400;
    const h = Math.floor(inDay / 3600);
    const mi = Math.floor(inDay / 60) % 60;
    const s = inDay % 60;
    return fromCodes(
      ZERO + Math.floor(y / 1000),
      ZERO + (Math.floor(y / 100) % 10),
      ZERO + (Math.floor(y / 10) % 10),
      ZERO + (y % 10),
      45, // -
      ZERO + Math.floor(m / 10),
      ZERO + (m % 10),
      45,
      ZERO + Math.floor(d / 10),
      ZERO + (d % 10),
      84, // T
      ZERO + Math.floor(h / 10),
      ZERO + (h % 10),
      58, // :
      ZERO + Math.floor(mi / 10),
      ZERO + (mi % 10),
      58,
      ZERO + Math.floor(s / 10),
      ZERO + (s % 10),
      46, // .
      digits.charCodeAt(f),
      digits.charCodeAt(f + 1),
      digits.charCodeAt(f + 2),
      digits.charCodeAt(f + 3),
      digits.charCodeAt(f + 4),
      digits.charCodeAt(f + 5),
      digits.charCodeAt(f + 6),
      90, // Z
    );
  }
  const p = dateParts(ticks);
  return `${pad(p.year, 4)}-${pad(p.month, 2)}-${pad(p.day, 2)}T${pad(p.hour, 2)}:${pad(p.minute, 2)}:${pad(p.second, 2)}.${pad(p.fraction, 7)}Z`;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const ISO =
  /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$/;
const SLASHED =
  /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4}),?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(AM|PM|am|pm)?)?\s*$/;
const RFC =
  /^\s*(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{2,4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|GMT|UTC|[+-]\d{4})?\s*$/;

function fractionTicks(f: string | undefined): number {
  if (!f) return 0;
  return Number(f.slice(0, 7).padEnd(7, '0'));
}

function offsetTicks(z: string | undefined): bigint {
  if (!z || /^(z|utc|gmt)$/i.test(z)) return 0n;
  const sign = z[0] === '-' ? -1n : 1n;
  const digits = z.slice(1).replace(':', '');
  const h = BigInt(Number(digits.slice(0, 2)));
  const m = BigInt(Number(digits.slice(2, 4) || '0'));
  return sign * (h * TICKS_PER_HOUR + m * TICKS_PER_MINUTE);
}

function valid(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  return y >= 1 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && s < 60;
}

/**
 * Parses ISO 8601 (any fraction digits, `Z` or an offset, converted to UTC), `M/d/yyyy[, h:mm:ss.fff AM]`
 * (the Log Analytics CSV export form) and RFC 822; null when unparsable.
 */
export function parseDateTime(text: string): bigint | null {
  let m = ISO.exec(text);
  if (m) {
    const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => Number(x ?? 0));
    if (!valid(y, mo, d, h, mi, s)) return null;
    return ticksFromParts(y, mo, d, h, mi, s, fractionTicks(m[7])) - offsetTicks(m[8]);
  }
  m = RFC.exec(text);
  if (m) {
    const mo = MONTHS.indexOf(m[2].toLowerCase()) + 1;
    let y = Number(m[3]);
    if (m[3].length === 2) y += y < 50 ? 2000 : 1900;
    const [d, h, mi, s] = [m[1], m[4], m[5], m[6]].map((x) => Number(x ?? 0));
    if (mo === 0 || !valid(y, mo, d, h, mi, s)) return null;
    return ticksFromParts(y, mo, d, h, mi, s) - offsetTicks(m[7]);
  }
  m = SLASHED.exec(text);
  if (m) {
    let [mo, d, y, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((x) => Number(x ?? 0));
    const ampm = m[8]?.toLowerCase();
    if (ampm === 'pm' && h < 12) h += 12;
    if (ampm === 'am' && h === 12) h = 0;
    if (!valid(y, mo, d, h, mi, s)) return null;
    return ticksFromParts(y, mo, d, h, mi, s, fractionTicks(m[7]));
  }
  return null;
}

/** `[-][d.]hh:mm:ss[.fffffff]`, the .NET "c" format Kusto prints. */
export function formatTimespan(ticks: bigint): string {
  const neg = ticks < 0n;
  let t = neg ? -ticks : ticks;
  const days = t / TICKS_PER_DAY;
  t -= days * TICKS_PER_DAY;
  const n = Number(t);
  const fraction = n % 10_000_000;
  const secs = (n - fraction) / 10_000_000;
  const hh = pad(Math.floor(secs / 3600), 2);
  const mm = pad(Math.floor(secs / 60) % 60, 2);
  const ss = pad(secs % 60, 2);
  return `${neg ? '-' : ''}${days > 0n ? `${days}.` : ''}${hh}:${mm}:${ss}${fraction ? `.${pad(fraction, 7)}` : ''}`;
}

const UNIT_TICKS: Record<string, bigint> = {
  d: TICKS_PER_DAY,
  day: TICKS_PER_DAY,
  days: TICKS_PER_DAY,
  h: TICKS_PER_HOUR,
  hr: TICKS_PER_HOUR,
  hrs: TICKS_PER_HOUR,
  hour: TICKS_PER_HOUR,
  hours: TICKS_PER_HOUR,
  m: TICKS_PER_MINUTE,
  min: TICKS_PER_MINUTE,
  minute: TICKS_PER_MINUTE,
  minutes: TICKS_PER_MINUTE,
  s: TICKS_PER_SECOND,
  sec: TICKS_PER_SECOND,
  second: TICKS_PER_SECOND,
  seconds: TICKS_PER_SECOND,
  ms: TICKS_PER_MILLISECOND,
  milli: TICKS_PER_MILLISECOND,
  millis: TICKS_PER_MILLISECOND,
  millisecond: TICKS_PER_MILLISECOND,
  milliseconds: TICKS_PER_MILLISECOND,
  microsecond: 10n,
  microseconds: 10n,
  tick: 1n,
  ticks: 1n,
};

/** Multiplies a decimal text by a tick count exactly (no float rounding). */
function scaleDecimal(num: string, unit: bigint): bigint {
  const [int, frac = ''] = num.split('.');
  const scale = 10n ** BigInt(frac.length);
  return ((BigInt(int || '0') * scale + BigInt(frac || '0')) * unit) / scale;
}

/** Parses `[-][d.]hh:mm[:ss[.f]]` and Kusto literals such as `1d`, `1.5h`, `100ms`, `1tick`; null when unparsable. */
export function parseTimespan(text: string): bigint | null {
  const s = text.trim();
  let m = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?$/.exec(s);
  if (m) {
    const [d, h, mi, sec] = [m[2], m[3], m[4], m[5]].map((x) => BigInt(Number(x ?? 0)));
    if (h > 23n || mi > 59n || sec > 59n) return null;
    const t =
      d * TICKS_PER_DAY +
      h * TICKS_PER_HOUR +
      mi * TICKS_PER_MINUTE +
      sec * TICKS_PER_SECOND +
      BigInt(fractionTicks(m[6]));
    return m[1] ? -t : t;
  }
  m = /^(-)?(\d+(?:\.\d+)?)\s*([a-zA-Z]+)$/.exec(s);
  if (m) {
    const unit = UNIT_TICKS[m[3].toLowerCase()];
    if (unit === undefined) return null;
    const t = scaleDecimal(m[2], unit);
    return m[1] ? -t : t;
  }
  m = /^(-)?(\d+)$/.exec(s);
  if (m) {
    const t = BigInt(m[2]) * TICKS_PER_DAY;
    return m[1] ? -t : t;
  }
  return null;
}
