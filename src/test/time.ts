import { formatDateTime, ticksFromParts, UNIX_EPOCH_TICKS } from '../engine/values/ticks.js';
import { durationSeconds } from '../model/duration.js';

/** Time arithmetic for fixtures: datetimes as 100 ns ticks since the Unix epoch (bigint), like Kusto's. */

const TICKS_PER_MS = 10_000n;
const UNIT_TICKS: Record<string, bigint> = {
  d: 864_000_000_000n,
  h: 36_000_000_000n,
  m: 600_000_000n,
  s: 10_000_000n,
  ms: 10_000n,
};

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses an ISO 8601 datetime (up to 7 fractional digits, `Z` or an offset; no zone means UTC). */
export function parseDatetime(text: string): bigint | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone = 'Z'] = m;
  // The arithmetic is the engine's; only the forms a fixture may use are decided here.
  const parts = [y, mo, d, h, mi, s].map(Number) as [number, number, number, number, number, number];
  let ticks = ticksFromParts(...parts, Number(frac.padEnd(7, '0') || '0')) - UNIX_EPOCH_TICKS;
  if (zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1n : 1n;
    const digits = zone.slice(1).replace(':', '');
    const offset = BigInt(Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * UNIT_TICKS.m;
    ticks -= sign * offset;
  }
  return ticks;
}

/**
 * Parses `5m`, `1h`, `14d`, `30s`, `100ms`, or an ISO 8601 duration (`PT1H`, `P14D`, `P1DT2H`; the same
 * reading as `kqlc check` and `kqlc build`, model/duration.ts) to ticks.
 */
export function parseDuration(text: string): bigint | undefined {
  const short = /^(\d+)(ms|d|h|m|s)$/.exec(text.trim());
  if (short) return BigInt(short[1]) * UNIT_TICKS[short[2]];
  const seconds = durationSeconds(text);
  return seconds === undefined ? undefined : BigInt(Math.round(seconds * 1000)) * 10_000n;
}

/** A fixture timestamp: an ISO datetime, or `now`, `now-5m`, `now+1h` relative to the test's clock. */
export function resolveTimestamp(text: string, now: bigint): bigint | undefined {
  const relative = /^now\s*(?:([+-])\s*(\d+(?:ms|d|h|m|s)))?$/i.exec(text.trim());
  if (relative) {
    if (!relative[1]) return now;
    const delta = parseDuration(relative[2])!;
    return relative[1] === '-' ? now - delta : now + delta;
  }
  return parseDatetime(text);
}

/** Ticks (since the Unix epoch) → `2026-11-20T12:00:00.0000000Z`, the form the engine prints. */
export function formatTicks(ticks: bigint): string {
  return formatDateTime(ticks + UNIX_EPOCH_TICKS);
}

const PORTAL =
  /^(\d{1,2})\/(\d{1,2})\/(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7})\d*)?)?\s*([AP]M)?$/i;

/**
 * The Log Analytics portal's export format (en-US, UTC): `11/9/2025, 3:46:34.034 PM`, month first,
 * 12-hour clock with AM/PM, or 24-hour without.
 */
export function parsePortalDatetime(text: string): bigint | undefined {
  const m = PORTAL.exec(text.trim());
  if (!m) return undefined;
  const [, mo, d, y, h, mi, s = '0', frac = '', ampm] = m;
  let hour = Number(h);
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (ampm.toUpperCase() === 'PM' ? 12 : 0);
  } else if (hour > 23) return undefined;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const ms = Date.UTC(Number(y), month - 1, day, hour, Number(mi), Number(s));
  if (new Date(ms).getUTCDate() !== day) return undefined; // 2/30 and the like
  return BigInt(ms) * TICKS_PER_MS + BigInt(frac.padEnd(7, '0') || '0');
}
