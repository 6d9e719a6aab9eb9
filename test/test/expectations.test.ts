import { describe, expect, it } from 'vitest';
import { resolveProject } from '../../src/kql/project-world.js';
import { loadProject } from '../../src/load/project.js';
import { runTests, type TestResult } from '../../src/test/runner.js';
import { tempProject } from '../helpers/temp-project.js';

const TABLE = `name: SigninLogs
columns:
  - { name: TimeGenerated, type: datetime }
  - { name: UserPrincipalName, type: string }
  - { name: IPAddress, type: string }
  - { name: RiskScore, type: real }
  - { name: Attempts, type: long }
  - { name: DeviceDetail, type: dynamic }
`;

const HUNT = `id: 5b1f0c7e-2a4d-4e8f-9b3a-6c7d8e9f0a1b
name: Risky sign-ins
description: sign-ins by risk
query: |
  SigninLogs
  | where RiskScore > 0.5
  | project UserPrincipalName, RiskScore, Attempts, DeviceDetail
  | sort by RiskScore desc
`;

const INPUT = `    input:
      SigninLogs:
        - { TimeGenerated: now-5m, UserPrincipalName: adele.vance@contoso.com, RiskScore: 0.912345, Attempts: 4, DeviceDetail: { browser: Edge, os: Windows } }
        - { TimeGenerated: now-4m, UserPrincipalName: bob@contoso.com, RiskScore: 0.7, Attempts: 1, DeviceDetail: { browser: Firefox, os: Linux } }
        - { TimeGenerated: now-3m, UserPrincipalName: carol@contoso.com, RiskScore: 0.1, Attempts: 9 }
`;

async function run(tests: string): Promise<TestResult[]> {
  const project = await loadProject(
    tempProject({
      'content/tables/SigninLogs.yaml': TABLE,
      'hunting/h.yaml': HUNT,
      'hunting/h.tests.yaml': `tests:\n${tests}`,
    }),
  );
  expect(project.diagnostics).toEqual([]);
  return runTests(resolveProject(project));
}

const t = (name: string, expectYaml: string, extra = '') => `  - name: ${name}
    now: 2026-11-20T12:00:00Z
${extra}${INPUT}    expect:
${expectYaml
  .trim()
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
`;

const outcome = (results: TestResult[]) => results.map((r) => [r.test.name, r.status, r.message]);

describe('expectations', () => {
  it('matchers: $regex, $any and $approx with a tolerance, also inside dynamic values', async () => {
    const results = await run(
      [
        t(
          'matchers pass',
          `rows:
  - { UserPrincipalName: { $regex: '^adele' }, RiskScore: { $approx: 0.91, tolerance: 0.01 }, Attempts: $any, DeviceDetail: { browser: { $regex: '^Ed' }, os: $any } }
  - { UserPrincipalName: bob@contoso.com, RiskScore: 0.7, Attempts: 1, DeviceDetail: $any }`,
        ),
        t(
          'regex fails',
          `rows:\n  - { UserPrincipalName: { $regex: '^mallory' } }\n  - { UserPrincipalName: $any }`,
        ),
        t('tolerance too tight', `contains:\n  - { RiskScore: { $approx: 0.91, tolerance: 0.001 } }`),
        t('malformed matcher', `rows:\n  - { UserPrincipalName: { $regex: '(' } }`),
        t('unknown matcher', `rows:\n  - { UserPrincipalName: { $startswith: 'a' } }`),
      ].join(''),
    );
    expect(outcome(results)).toEqual([
      ['matchers pass', 'passed', ''],
      [
        'regex fails',
        'failed',
        [
          'expected 2 rows, got 2',
          '  - { UserPrincipalName: {"$regex":"^mallory"} }',
          '  + { UserPrincipalName: "bob@contoso.com" }',
        ].join('\n'),
      ],
      [
        'tolerance too tight',
        'failed',
        [
          '1 expected row of 1 not among the 2 result rows',
          '  - { RiskScore: {"$approx":0.91,"tolerance":0.001} }',
        ].join('\n'),
      ],
      ['malformed matcher', 'error', expect.stringMatching(/'\(' ?|not a valid RE2 regular expression/)],
      [
        'unknown matcher',
        'error',
        `test 'unknown matcher': {"$startswith":"a"}: unknown matcher (use '$any', $regex or $approx)`,
      ],
    ]);
  });

  it('ordered rows, a subset of rows, a row count, no rows, and output columns with types', async () => {
    const results = await run(
      [
        t(
          'in order',
          `ordered: true\nrows:\n  - { UserPrincipalName: adele.vance@contoso.com }\n  - { UserPrincipalName: bob@contoso.com }`,
        ),
        t(
          'wrong order',
          `ordered: true\nrows:\n  - { UserPrincipalName: bob@contoso.com }\n  - { UserPrincipalName: adele.vance@contoso.com }`,
        ),
        t('subset', `contains:\n  - { UserPrincipalName: bob@contoso.com, Attempts: 1 }`),
        t(
          'subset missing',
          `contains:\n  - { UserPrincipalName: bob@contoso.com, Attempts: 2 }\n  - { UserPrincipalName: bob@contoso.com }`,
        ),
        t('no rows', `rows: []`),
        t('count', `count: 2`),
        t(
          'columns',
          `columns: { UserPrincipalName: string, RiskScore: real, Attempts: long, DeviceDetail: dynamic }`,
        ),
        t('wrong columns', `columns: { UserPrincipalName: string, RiskScore: long, Country: string }`),
      ].join(''),
    );
    expect(outcome(results)).toEqual([
      ['in order', 'passed', ''],
      [
        'wrong order',
        'failed',
        [
          'expected 2 rows in order, got 2',
          '  row 1:',
          '  - { UserPrincipalName: "bob@contoso.com" }',
          '  + { UserPrincipalName: "adele.vance@contoso.com" }',
          '  row 2:',
          '  - { UserPrincipalName: "adele.vance@contoso.com" }',
          '  + { UserPrincipalName: "bob@contoso.com" }',
        ].join('\n'),
      ],
      ['subset', 'passed', ''],
      [
        'subset missing',
        'failed',
        [
          '1 expected row of 2 not among the 2 result rows',
          '  - { UserPrincipalName: "bob@contoso.com", Attempts: 2 }',
          '    closest: Attempts is 1',
        ].join('\n'),
      ],
      ['no rows', 'failed', expect.stringMatching(/^expected 0 rows, got 2\n {2}\+ \{ UserPrincipalName/)],
      ['count', 'passed', ''],
      ['columns', 'passed', ''],
      [
        'wrong columns',
        'failed',
        [
          'expected columns (UserPrincipalName:string, RiskScore:long, Country:string)',
          '     got columns (UserPrincipalName:string, RiskScore:real, Attempts:long, DeviceDetail:dynamic)',
          '  - RiskScore:long, Country:string',
          '  + RiskScore:real, Attempts:long, DeviceDetail:dynamic',
        ].join('\n'),
      ],
    ]);
  });

  it('a skipped test is reported with its reason; a test that expects nothing is an error, never a pass', async () => {
    const results = await run(
      [
        t('skipped', 'count: 99', '    skip: waiting for the risk feed schema\n'),
        `  - name: expects nothing\n    now: 2026-11-20T12:00:00Z\n    expect: {}\n`,
        t('alerts of a hunting query', 'alerts: 0'),
        t('ordered without rows', 'ordered: true\ncount: 2'),
      ].join(''),
    );
    expect(outcome(results)).toEqual([
      ['skipped', 'skipped', 'waiting for the risk feed schema'],
      [
        'expects nothing',
        'error',
        "test 'expects nothing': expects nothing; give rows, contains, count, columns or alerts",
      ],
      [
        'alerts of a hunting query',
        'error',
        "test 'alerts of a hunting query': 'alerts' applies to analytic rules only",
      ],
      ['ordered without rows', 'error', "test 'ordered without rows': 'ordered' applies to 'rows'"],
    ]);
  });
});
