import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv } from '../../src/test/csv.js';
import { formatTicks, parsePortalDatetime } from '../../src/test/time.js';

describe('CSV (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, and a byte order mark', () => {
    const text =
      '\ufeffa,"b [UTC]",c\r\n1,"x, y","say ""hi"""\r\n2,"line one\nline two",\n\n3,,"{""k"":[1,2]}"';
    expect(parseCsv(text)).toEqual([
      { fields: ['a', 'b [UTC]', 'c'], line: 1 },
      { fields: ['1', 'x, y', 'say "hi"'], line: 2 },
      { fields: ['2', 'line one\nline two', ''], line: 3 },
      { fields: ['3', '', '{"k":[1,2]}'], line: 6 },
    ]);
  });

  it('rejects broken quoting with the line where it happens', () => {
    const error = (text: string) => {
      try {
        parseCsv(text);
      } catch (e) {
        expect(e).toBeInstanceOf(CsvError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(error('a,b\n1,"open\n2,3\n')).toBe('line 2: a quoted field is not closed');
    expect(error('a,b\n1,"x"y\n')).toBe('line 2: unexpected "y" after a closing quote');
    expect(error('a,b\n1,x"y"\n')).toBe('line 2: a quote inside an unquoted field (quote the whole field)');
  });
});

describe('portal datetimes', () => {
  it('reads the Log Analytics export format (month first, 12-hour clock)', () => {
    const at = (text: string) => {
      const t = parsePortalDatetime(text);
      return t === undefined ? undefined : formatTicks(t);
    };
    expect(at('11/9/2025, 3:46:34.034 PM')).toBe('2025-11-09T15:46:34.0340000Z');
    expect(at('11/20/2026, 12:05:00.000 AM')).toBe('2026-11-20T00:05:00.0000000Z');
    expect(at('11/20/2026, 12:05:00 PM')).toBe('2026-11-20T12:05:00.0000000Z');
    expect(at('2/30/2026, 1:00:00 PM')).toBeUndefined();
    expect(at('11/20/2026, 13:00:00 PM')).toBeUndefined();
    expect(at('20/11/2026, 1:00:00 PM')).toBeUndefined();
  });
});
