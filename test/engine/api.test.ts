import { describe, expect, it } from 'vitest';
import {
  EngineError,
  EngineQueryError,
  type EngineTableInput,
  EngineUnsupportedError,
  evaluate,
  runQuery,
} from '../../src/engine/index.js';
import { World } from '../../src/kql/world.js';

const signins: EngineTableInput = {
  columns: [
    { name: 'TimeGenerated', type: 'datetime' },
    { name: 'UserPrincipalName', type: 'string' },
    { name: 'ResultType', type: 'long' },
    { name: 'LocationDetails', type: 'dynamic' },
  ],
  rows: [
    {
      TimeGenerated: '2026-11-20T11:00:00.123456789Z',
      UserPrincipalName: 'alice@contoso.com',
      ResultType: '50126',
      LocationDetails: '{"city":"Paris","geo":{"lat":48.85}}',
    },
    {
      TimeGenerated: new Date('2026-11-20T10:00:00Z'),
      UserPrincipalName: 'bob@contoso.com',
      ResultType: 0,
      LocationDetails: { city: 'Oslo' },
    },
    { TimeGenerated: '2026-11-13T10:00:00+02:00', UserPrincipalName: 'carol@contoso.com' },
  ],
};
const now = '2026-11-20T12:00:00Z';

describe('runQuery', () => {
  it('converts JSON-form input by the declared column types and returns JSON-form output', () => {
    const r = runQuery(
      'SigninLogs | project TimeGenerated, ResultType, City = tostring(LocationDetails.city)',
      {
        tables: { SigninLogs: signins },
        now,
      },
    );
    expect(r.columns).toEqual([
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'ResultType', type: 'long' },
      { name: 'City', type: 'string' },
    ]);
    expect(r.rows).toEqual([
      ['2026-11-20T11:00:00.1234567Z', 50126, 'Paris'],
      ['2026-11-20T10:00:00.0000000Z', 0, 'Oslo'],
      ['2026-11-13T08:00:00.0000000Z', null, ''],
    ]);
  });

  it('fixes now() and ago() to the now option', () => {
    const r = runQuery('print n = now(), a = ago(1d), t = now() - ago(90m)', {
      tables: {},
      now: '2026-11-20T12:00:00.5Z',
    });
    expect(r.rows).toEqual([['2026-11-20T12:00:00.5000000Z', '2026-11-19T12:00:00.5000000Z', '01:30:00']]);
  });

  it('throws EngineQueryError listing KQL errors', () => {
    expect(() => runQuery('SigninLogs | where Nope == 1', { tables: { SigninLogs: signins }, now })).toThrow(
      EngineQueryError,
    );
    expect(() => runQuery('SigninLogs | where Nope == 1', { tables: { SigninLogs: signins }, now })).toThrow(
      /KS142 at 1:20/,
    );
  });

  it('throws EngineUnsupportedError with construct, offset and line:col', () => {
    const query = 'SigninLogs\n| sample 10';
    let error: unknown;
    try {
      runQuery(query, { tables: { SigninLogs: signins }, now });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EngineUnsupportedError);
    const u = error as EngineUnsupportedError;
    expect(u.message).toBe("not supported by the local engine: operator 'sample' at 2:3");
    expect(u.construct).toBe("operator 'sample'");
    expect(u.offset).toBe(13);
    expect(query.slice(u.offset).startsWith('sample')).toBe(true);
  });

  it('calls parsers with and without arguments, defaults applying', () => {
    const functions = [
      {
        name: 'Users',
        parameters: [{ name: 'domain', type: 'string' as const, default: "'contoso.com'" }],
        body: 'SigninLogs | where UserPrincipalName endswith domain | project UserPrincipalName',
      },
    ];
    const all = runQuery('Users | count', { tables: { SigninLogs: signins }, now, functions });
    expect(all.rows).toEqual([[3]]);
    const none = runQuery('Users("fabrikam.com") | count', {
      tables: { SigninLogs: signins },
      now,
      functions,
    });
    expect(none.rows).toEqual([[0]]);
  });

  it('reports an unsupported construct inside a parser at the call site', () => {
    const functions = [{ name: 'Bad', parameters: [], body: 'SigninLogs | sample 10' }];
    try {
      runQuery('print 1 | union (Bad)', { tables: { SigninLogs: signins }, now, functions });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(EngineUnsupportedError);
      expect((e as EngineUnsupportedError).offset).toBe(17);
    }
  });

  it('evaluate() runs an analysed KustoCode', () => {
    const world = new World([{ name: 'SigninLogs', columns: signins.columns }], []);
    const { code } = world.analyze(
      'SigninLogs | summarize n = count() by bin(TimeGenerated, 1d) | sort by TimeGenerated asc',
    );
    const r = evaluate(code, { now, tables: { SigninLogs: signins } });
    expect(r.rows).toEqual([
      ['2026-11-13T00:00:00.0000000Z', 1],
      ['2026-11-20T00:00:00.0000000Z', 2],
    ]);
  });
});

describe('limits', () => {
  it('stops a huge range at the row cap with an EngineError', () => {
    expect(() => runQuery('range x from 1 to 1000000000000 step 1', { tables: {}, now })).toThrow(
      EngineError,
    );
    expect(() => runQuery('range x from 1 to 1000000000000 step 1', { tables: {}, now })).toThrow(
      /row limit/,
    );
  });

  it('applies a configured row cap to joins', () => {
    const q =
      'range a from 1 to 300 step 1 | extend k = 1 | join kind=inner (range b from 1 to 300 step 1 | extend k = 1) on k';
    expect(() => runQuery(q, { tables: {}, now, limits: { maxRows: 50_000 } } as never)).toThrow(
      /row limit of 50000/,
    );
  });

  it('stops at the time budget', () => {
    const q =
      'range a from 1 to 3000 step 1 | extend k = 1 | join kind=inner (range b from 1 to 3000 step 1 | extend k = 1) on k | summarize count()';
    expect(() => runQuery(q, { tables: {}, now, limits: { timeoutMs: 1 } } as never)).toThrow(
      /time budget of 1 ms/,
    );
  });
});

describe('runQuery with bare row arrays (issue 4 form)', () => {
  it('takes column types from schemas', () => {
    const r = runQuery('T | where n > 1 | project t, n', {
      tables: {
        T: [
          { t: '2026-11-20T10:00:00Z', n: '1' },
          { t: '2026-11-20T11:00:00Z', n: '2' },
        ],
      },
      schemas: {
        T: [
          { name: 't', type: 'datetime' },
          { name: 'n', type: 'long' },
        ],
      },
      now,
    });
    expect(r.rows).toEqual([['2026-11-20T11:00:00.0000000Z', 2]]);
  });

  it('infers column types from the values when no schema is given', () => {
    const r = runQuery('T | project t, n, x, ok, d = tostring(d.k)', {
      tables: { T: [{ t: '2026-11-20T10:00:00Z', n: 3, x: 1.5, ok: true, d: { k: 'v' } }] },
      now,
    });
    expect(r.columns.map((c) => c.type)).toEqual(['datetime', 'long', 'real', 'bool', 'string']);
    expect(r.rows).toEqual([['2026-11-20T10:00:00.0000000Z', 3, 1.5, true, 'v']]);
  });
});

describe('declare query_parameters', () => {
  const query =
    "declare query_parameters(domain:string = 'contoso.com', n:long = 10);\nSigninLogs | where UserPrincipalName endswith domain | take n | count";
  it('uses the defaults when no value is given', () => {
    const world = new World([{ name: 'SigninLogs', columns: signins.columns }], []);
    const r = evaluate(world.analyze(query).code, { now, tables: { SigninLogs: signins } });
    expect(r.rows).toEqual([[3]]);
  });

  it('takes values from the parameters option', () => {
    const world = new World([{ name: 'SigninLogs', columns: signins.columns }], []);
    const r = evaluate(world.analyze(query).code, {
      now,
      tables: { SigninLogs: signins },
      parameters: { n: 1 },
    });
    expect(r.rows).toEqual([[1]]);
    const none = evaluate(world.analyze(query).code, {
      now,
      tables: { SigninLogs: signins },
      parameters: { domain: 'fabrikam.com' },
    });
    expect(none.rows).toEqual([[0]]);
  });
});

describe('user functions', () => {
  const tables: Record<string, EngineTableInput> = {
    T: {
      columns: [
        { name: 'U', type: 'string' },
        { name: 'N', type: 'long' },
      ],
      rows: [
        { U: 'a@x.com', N: 1 },
        { U: 'b@y.com', N: 2 },
      ],
    },
  };
  const functions = [
    {
      name: 'Base',
      parameters: [{ name: 'min', type: 'long' as const, default: '0' }],
      body: 'T | where N >= min',
    },
    {
      name: 'Outer',
      parameters: [{ name: 'dom', type: 'string' as const, default: "'x.com'" }],
      body: 'Base(1) | where U endswith dom | extend Tag = strcat("t:", dom)',
    },
    { name: 'Upper', parameters: [{ name: 's', type: 'string' as const }], body: 'toupper(s)' },
  ];

  it('runs a parser that calls another parser, with defaults and arguments', () => {
    expect(runQuery('Outer', { tables, now, functions }).rows).toEqual([['a@x.com', 1, 't:x.com']]);
    expect(runQuery('Outer("y.com")', { tables, now, functions }).rows).toEqual([['b@y.com', 2, 't:y.com']]);
  });

  it('evaluates a stored scalar function per row', () => {
    expect(runQuery('T | project up = Upper(U)', { tables, now, functions }).rows).toEqual([
      ['A@X.COM'],
      ['B@Y.COM'],
    ]);
  });
});
