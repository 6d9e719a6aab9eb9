import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { xxhash64 } from '../../src/engine/functions/hash/xxhash64.js';
import { hasTerm } from '../../src/engine/functions/string-operators/text.js';
import { fromInput, normLong, toOutput } from '../../src/engine/values/convert.js';
import { DynReal, parseJsonText, stringifyDyn } from '../../src/engine/values/dynamic.js';
import {
  civilFromDays,
  daysFromCivil,
  formatDateTime,
  formatTimespan,
  parseDateTime,
  parseTimespan,
} from '../../src/engine/values/ticks.js';

describe('datetime ticks', () => {
  it('parses ISO 8601 with any fraction digits and offsets', () => {
    expect(formatDateTime(parseDateTime('2026-11-20T12:00:00Z')!)).toBe('2026-11-20T12:00:00.0000000Z');
    expect(formatDateTime(parseDateTime('2026-11-20T12:00:00.123456789Z')!)).toBe(
      '2026-11-20T12:00:00.1234567Z',
    );
    expect(formatDateTime(parseDateTime('2026-11-20T12:00:00.5+01:30')!)).toBe(
      '2026-11-20T10:30:00.5000000Z',
    );
    expect(formatDateTime(parseDateTime('2026-11-20')!)).toBe('2026-11-20T00:00:00.0000000Z');
    expect(formatDateTime(parseDateTime('11/9/2025, 3:46:34.034 PM')!)).toBe('2025-11-09T15:46:34.0340000Z');
    expect(formatDateTime(parseDateTime('11/9/2025, 12:05:00 AM')!)).toBe('2025-11-09T00:05:00.0000000Z');
    expect(parseDateTime('2026-13-01')).toBeNull();
    expect(parseDateTime('yesterday')).toBeNull();
  });

  it('keeps 100 ns precision that a float of milliseconds would lose', () => {
    const a = parseDateTime('2026-11-20T12:00:00.0000001Z')!;
    const b = parseDateTime('2026-11-20T12:00:00.0000002Z')!;
    expect(b - a).toBe(1n);
  });

  it('round-trips every date between years 1 and 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: daysFromCivil(1, 1, 1), max: daysFromCivil(9999, 12, 31) }), (days) => {
        const { y, m, d } = civilFromDays(days);
        expect(daysFromCivil(y, m, d)).toBe(days);
      }),
    );
  });

  it('formats then parses to the same ticks', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 3_155_378_975_999_999_999n }), (ticks) => {
        expect(parseDateTime(formatDateTime(ticks))).toBe(ticks);
      }),
    );
  });

  it('formats the first and last representable instants and one before the Unix epoch', () => {
    expect(formatDateTime(0n)).toBe('0001-01-01T00:00:00.0000000Z');
    expect(formatDateTime(3_155_378_975_999_999_999n)).toBe('9999-12-31T23:59:59.9999999Z');
    expect(formatDateTime(621_355_967_999_999_999n)).toBe('1969-12-31T23:59:59.9999999Z');
    expect(formatDateTime(parseDateTime('0987-06-05T04:03:02.0100000Z')!)).toBe(
      '0987-06-05T04:03:02.0100000Z',
    );
  });

  it('agrees with JavaScript Date on the Unix epoch offset', () => {
    const t = parseDateTime('1970-01-01T00:00:00Z')!;
    expect(t).toBe(621_355_968_000_000_000n);
  });
});

describe('timespans', () => {
  it('formats as [-][d.]hh:mm:ss[.fffffff]', () => {
    expect(formatTimespan(0n)).toBe('00:00:00');
    expect(formatTimespan(864_000_000_000n + 1n)).toBe('1.00:00:00.0000001');
    expect(formatTimespan(-36_000_000_000n)).toBe('-01:00:00');
  });

  it('parses the .NET form and Kusto literals', () => {
    expect(parseTimespan('1.02:03:04.5')).toBe(((26n * 60n + 3n) * 60n + 4n) * 10_000_000n + 5_000_000n);
    expect(parseTimespan('90m')).toBe(90n * 600_000_000n);
    expect(parseTimespan('1.5h')).toBe(54_000_000_000n);
    expect(parseTimespan('1tick')).toBe(1n);
    expect(parseTimespan('nonsense')).toBeNull();
  });

  it('round-trips', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }), (ticks) => {
        expect(parseTimespan(formatTimespan(ticks))).toBe(ticks);
      }),
    );
  });
});

describe('dynamic JSON', () => {
  it('keeps longs and reals apart', () => {
    const v = parseJsonText('{"a":1,"b":2.0,"c":2.5,"d":12345678901234567890}') as Record<string, unknown>;
    expect(v.a).toBe(1);
    expect(v.b).toBeInstanceOf(DynReal);
    expect(v.c).toBe(2.5);
    expect(typeof v.d).toBe('bigint');
  });

  it('prints compact JSON', () => {
    expect(stringifyDyn(parseJsonText(' { "a" : [ 1 , "x" , null , true ] } '))).toBe(
      '{"a":[1,"x",null,true]}',
    );
  });

  it('rejects malformed JSON', () => {
    expect(() => parseJsonText('{"a":')).toThrow(SyntaxError);
    expect(() => parseJsonText('[1,]')).toThrow(SyntaxError);
  });

  it('parses whatever JSON.stringify produces, to an equal value (integers within ±2^53)', () => {
    const exact = (v: unknown): boolean =>
      typeof v === 'number'
        ? !Number.isInteger(v) || Math.abs(v) <= 2 ** 53
        : Array.isArray(v)
          ? v.every(exact)
          : v !== null && typeof v === 'object'
            ? Object.values(v).every(exact)
            : true;
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        fc.pre(exact(value));
        const text = JSON.stringify(value);
        expect(toOutput(parseJsonText(text), 'dynamic')).toEqual(JSON.parse(text));
      }),
    );
  });
});

describe('input conversion', () => {
  it('converts JSON-form values by column type', () => {
    expect(fromInput('42', 'long')).toBe(42);
    expect(fromInput(42n, 'long')).toBe(42);
    expect(fromInput('9223372036854775807', 'long')).toBe(9223372036854775807n);
    expect(fromInput('true', 'bool')).toBe(true);
    expect(fromInput(null, 'string')).toBe('');
    expect(fromInput(undefined, 'long')).toBeNull();
    expect(fromInput('{"a":1}', 'dynamic')).toEqual({ a: 1 });
    expect(fromInput('not json', 'dynamic')).toBe('not json');
    expect(fromInput('ABCDEF01-0000-0000-0000-000000000000', 'guid')).toBe(
      'abcdef01-0000-0000-0000-000000000000',
    );
  });

  it('returns longs beyond 2^53 as strings in the output', () => {
    expect(toOutput(normLong(2n ** 60n), 'long')).toBe('1152921504606846976');
    expect(toOutput(normLong(2n ** 64n), 'long')).toBe(0);
  });
});

describe('has term matching', () => {
  it('matches whole terms only', () => {
    expect(hasTerm('kustoexplorerqueryrun', 'explorer')).toBe(false);
    expect(hasTerm('north america', 'america')).toBe(true);
    expect(hasTerm('user=alice,role=admin', 'role')).toBe(true);
    expect(hasTerm('administrator', 'admin')).toBe(false);
  });

  it('matches prefixes and suffixes of terms', () => {
    expect(hasTerm('north america', 'ame', 'prefix')).toBe(true);
    expect(hasTerm('north america', 'ica', 'suffix')).toBe(true);
    expect(hasTerm('north america', 'ame', 'suffix')).toBe(false);
  });

  it('treats a needle with punctuation as consecutive terms', () => {
    expect(hasTerm('from 10.1.2.3 to', '10.1.2.3')).toBe(true);
    expect(hasTerm('from 110.1.2.3 to', '10.1.2.3')).toBe(false);
  });
});

describe('xxhash64', () => {
  it('matches the reference test vectors, short and long inputs', () => {
    const hex = (s: string) => xxhash64(Buffer.from(s, 'utf8')).toString(16);
    expect(hex('')).toBe('ef46db3751d8e999');
    expect(hex('abc')).toBe('44bc2cf5ad770999');
    expect(hex('Nobody inspects the spammish repetition')).toBe('fbcea83c8a378bf1');
  });
});
