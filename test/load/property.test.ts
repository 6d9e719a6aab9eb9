import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/check-project.js';
import { loadProject } from '../../src/load/project.js';
import { ruleYaml, SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

/** Fragments that make YAML and KQL interesting: structure, quotes, indentation, anchors, operators. */
const yamlToken = fc.constantFrom(
  'id: ',
  'name: ',
  'query: |',
  'query: >-',
  '  ',
  '    ',
  '\n',
  '- ',
  ': ',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  '&a ',
  '*a',
  '!!str ',
  '#',
  '---',
  '...',
  '|',
  '>',
  'tests:',
  'expect:',
  'rows:',
  'kind: NRT',
  '\t',
  '%YAML 1.2',
);
const kqlToken = fc.constantFrom(
  'SigninLogs',
  '| where ',
  '| project ',
  '| summarize count() by ',
  'UserPrincipalName',
  ' == ',
  ' has ',
  '"x"',
  "'y'",
  '(',
  ')',
  '[',
  ']',
  ', ',
  'let a = 1;',
  '\n',
  'ago(1d)',
  'bin(TimeGenerated, 1h)',
  '//',
  '/*',
  '*/',
  '| join kind=inner (',
  ') on ',
  'dynamic({"a":[1,2]})',
  '@"',
  '\\',
  '```',
  'datatable(a:int)[1]',
  '| mv-expand ',
);

describe('random input never throws', () => {
  it('load and check survive random YAML', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(yamlToken, fc.string({ maxLength: 8 })), { maxLength: 40 }),
        async (parts) => {
          const root = tempProject({
            'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
            'analytics/r.yaml': parts.join(''),
          });
          const project = await loadProject(root);
          const { diagnostics } = checkProject(project);
          for (const d of diagnostics) {
            expect(d.file).toBeTypeOf('string');
            expect(d.start?.line ?? 1).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('check survives random KQL, and every diagnostic lies inside the file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(kqlToken, fc.string({ maxLength: 6 })), { maxLength: 30 }),
        async (parts) => {
          const yaml = ruleYaml(parts.join(''));
          const root = tempProject({
            'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
            'analytics/r.yaml': yaml,
          });
          const { diagnostics } = checkProject(await loadProject(root));
          const lines = yaml.split('\n').length;
          for (const d of diagnostics) {
            expect(d.start?.line ?? 1).toBeGreaterThanOrEqual(1);
            expect(d.start?.line ?? 1).toBeLessThanOrEqual(lines);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('queries too large or too deep for analysis', () => {
  it('reports a 5 MB query and a deeply nested one instead of analysing them', async () => {
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'analytics/huge.yaml': ruleYaml(`SigninLogs\n${'| where UserPrincipalName has "x"\n'.repeat(150_000)}`),
      'analytics/deep.yaml': ruleYaml(
        `SigninLogs | where ${'('.repeat(5000)}true${')'.repeat(5000)}`,
      ).replace('9f1e4b0e', '1f1e4b0e'),
    });
    const { diagnostics } = checkProject(await loadProject(root));
    expect(
      diagnostics.filter((d) => d.code === 'KQLC3003').map((d) => `${d.file}:${d.start?.line} ${d.message}`),
    ).toEqual([
      'analytics/deep.yaml:12 the query nests brackets 5000 deep; kqlc analyses queries nested up to 500 deep',
      'analytics/huge.yaml:12 the query is 5100011 characters; kqlc analyses queries of up to 1000000',
    ]);
  });
});
