import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/check-project.js';
import { loadProject } from '../../src/load/project.js';
import { substituteTokens, type TokenParameter } from '../../src/load/workbook-tokens.js';
import { tempProject } from '../helpers/temp-project.js';

/** Random input in every format this stage reads: always diagnostics, never an exception. */
describe('random content in the new formats never throws', () => {
  it('gallery workbooks, CustomTables JSON, getschema CSV, legacy parsers and watchlists', async () => {
    const step = fc.record(
      {
        type: fc.oneof(fc.constantFrom(1, 3, 9, 12, 11), fc.anything()),
        content: fc.oneof(
          fc.record({
            query: fc.oneof(fc.string(), fc.anything()),
            queryType: fc.constantFrom(0, 1, undefined),
          }),
          fc.record({
            parameters: fc.array(fc.record({ name: fc.string(), type: fc.anything(), query: fc.string() })),
          }),
          fc.record({ items: fc.anything() }),
          fc.anything(),
        ),
        name: fc.string(),
      },
      { requiredKeys: [] },
    );
    const workbook = fc.record({
      version: fc.constantFrom('Notebook/1.0', 'x'),
      items: fc.oneof(fc.array(step), fc.anything()),
    });
    await fc.assert(
      fc.asyncProperty(
        workbook,
        fc.json(),
        fc.string(),
        fc.string(),
        fc.string(),
        async (wb, json, csv, kql, yaml) => {
          const root = tempProject({
            'workbooks/w.json': JSON.stringify(wb),
            'workbooks/y.yaml': yaml,
            'content/tables/T.json': json,
            'content/tables/C_Schema.csv': `ColumnName,ColumnOrdinal,DataType,ColumnType\n${csv}`,
            'content/tables/R.csv': csv,
            'content/watchlists/w.yaml': yaml,
            'parsers/P.kql': kql,
            'hunting/h.yaml': `id: 3c1f0e7a-8b2d-4e6f-9a1b-2c3d4e5f6a7b\nname: h\nquery: _GetWatchlist(${JSON.stringify(kql)}) | take 1\n`,
          });
          const project = await loadProject(root);
          expect(() => checkProject(project)).not.toThrow();
        },
      ),
      { numRuns: 25 },
    );
  });

  it('token substitution maps every offset inside the query as written, in order', () => {
    const params = new Map<string, TokenParameter>([
      ['A', { name: 'A', type: 2, multiSelect: true }],
      ['TimeRange', { name: 'TimeRange', type: 4 }],
      ['B', { name: 'B', type: 1, value: 'x' }],
    ]);
    const piece = fc.oneof(
      fc.string(),
      fc.constantFrom('{A}', '{A:label}', '{TimeRange}', '{TimeRange:start}', "'{B}'", '{B', '{C}'),
    );
    fc.assert(
      fc.property(fc.array(piece), (pieces) => {
        const raw = pieces.join('');
        const { text, toRaw } = substituteTokens(raw, params);
        let last = 0;
        for (let o = 0; o <= text.length; o++) {
          const r = toRaw(o);
          expect(r).toBeGreaterThanOrEqual(last);
          expect(r).toBeLessThanOrEqual(raw.length);
          last = r;
        }
      }),
      { numRuns: 200 },
    );
  });
});
