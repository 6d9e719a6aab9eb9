import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type EngineColumn, type EngineTableInput, runQuery } from '../../src/engine/index.js';
import { cellValue, parseKqlTest } from './kqltest.js';

const dir = join(import.meta.dirname, 'conformance');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.kqltest'))
  .sort();

/** A small shared table for cases that read a table rather than datatable. */
const tables: Record<string, EngineTableInput> = {
  Events: {
    columns: [
      { name: 'Timestamp', type: 'datetime' },
      { name: 'User', type: 'string' },
      { name: 'Count', type: 'long' },
      { name: 'Props', type: 'dynamic' },
    ],
    rows: [
      {
        Timestamp: '2026-11-20T10:00:00Z',
        User: 'alice',
        Count: 1,
        Props: { ip: '10.0.0.1', tags: ['a', 'b'] },
      },
      { Timestamp: '2026-11-20T11:30:00Z', User: 'bob', Count: 5, Props: { ip: '10.0.0.2', tags: [] } },
      { Timestamp: '2026-11-19T09:00:00Z', User: 'alice', Count: null, Props: null },
    ],
  },
};

function normalise(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'number' && Number.isNaN(x) ? 'NaN' : x));
}

for (const file of files) {
  const cases = parseKqlTest(file, readFileSync(join(dir, file), 'utf8'));
  describe(file, () => {
    for (const c of cases) {
      it(`${c.title} (line ${c.line})`, () => {
        if (c.expectError !== undefined) {
          expect(() => runQuery(c.query, { tables, now: c.now })).toThrow(c.expectError);
          return;
        }
        const result = runQuery(c.query, { tables, now: c.now });
        const columns: EngineColumn[] = result.columns;
        expect(columns.map((x) => `${x.name}:${x.type}`)).toEqual(
          c.columns.map((x) => `${x.name}:${x.type}`),
        );
        const expected = c.rows.map((r) =>
          normalise(r.map((cell, k) => cellValue(cell, c.columns[k]?.type ?? 'string'))),
        );
        const actual = result.rows.map((r) => normalise(r));
        if (c.unordered) expect([...actual].sort()).toEqual([...expected].sort());
        else expect(actual).toEqual(expected);
      });
    }
  });
}
