import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { ruleYaml, SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

const QUERY =
  'SigninLogs\n| where ResultType == "50126"\n| project TimeGenerated, UserPrincipalName, IPAddress';
const ROWS = `      SigninLogs:
        - { TimeGenerated: now-5m, UserPrincipalName: alice@contoso.com, IPAddress: 203.0.113.7, ResultType: "50126" }
        - { TimeGenerated: now-10m, UserPrincipalName: bob@contoso.com, IPAddress: 203.0.113.7, ResultType: "0" }`;
const test = (name: string, expectYaml: string, extra = '') => `  - name: ${name}
    now: 2026-11-20T12:00:00Z
${extra}    input:
${ROWS}
    expect: ${expectYaml}
`;

describe('kqlc test --update', () => {
  it('writes actual rows, counts, columns and alerts, keeping comments, matchers and rows that already match', async () => {
    const tests = `# tests of the failed sign-in rule
tests:
  - name: rows
    now: 2026-11-20T12:00:00Z
    input:
${ROWS}
    expect:
      # the user is what matters
      rows:
        - { UserPrincipalName: { $regex: '^ali' } } # kept: it matches
        - { UserPrincipalName: mallory@contoso.com } # replaced: no such row
      count: 5
      columns: { Nope: string }
  - name: alerts
    now: 2026-11-20T12:00:00Z
    input:
${ROWS}
    expect:
      alerts: []
  - name: skipped
    skip: not now
    expect: { count: 7 }
  - name: already right, written in a style a re-print would change
    now: 2026-11-20T12:00:00Z
    input:
${ROWS}
    expect: {rows: [{UserPrincipalName: alice@contoso.com}],   count: 1}
  - name: flow
    now: 2026-11-20T12:00:00Z
    input:
${ROWS}
    expect: { count: 5 } # one row
  - name: empty rows
    now: 2026-11-20T12:00:00Z
    input:
${ROWS}
    expect:
      rows: []
`;
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'analytics/r.yaml': ruleYaml(QUERY),
      'analytics/r.tests.yaml': tests,
    });
    const before = await cli(['test', root]);
    expect(before.code).toBe(1);
    const updated = await cli(['test', root, '--update']);
    expect(updated.stderr).toBe(
      'Updated the expectations of 4 tests in 1 file; not updated (did not run): 1\n  analytics/r.tests.yaml\n',
    );
    expect(
      readFileSync(path.join(root, 'analytics/r.tests.yaml'), 'utf8'),
    ).toBe(`# tests of the failed sign-in rule
tests:
  - name: rows
    now: 2026-11-20T12:00:00Z
    input:
${ROWS}
    expect:
      # the user is what matters
      rows:
        - { UserPrincipalName: { $regex: '^ali' } } # kept: it matches
      count: 1
      columns:
        TimeGenerated: datetime
        UserPrincipalName: string
        IPAddress: string
  - name: alerts
    now: 2026-11-20T12:00:00Z
    input:
${ROWS}
    expect:
      alerts:
        - name: Failed sign-ins
          description: test rule
          severity: Medium
          tactics: [ CredentialAccess ]
          entities:
            - { type: Account, FullName: alice@contoso.com }
  - name: skipped
    skip: not now
    expect: { count: 7 }
  - name: already right, written in a style a re-print would change
    now: 2026-11-20T12:00:00Z
    input:
${ROWS}
    expect: {rows: [{UserPrincipalName: alice@contoso.com}],   count: 1}
  - name: flow
    now: 2026-11-20T12:00:00Z
    input:
${ROWS}
    expect: { count: 1 } # one row
  - name: empty rows
    now: 2026-11-20T12:00:00Z
    input:
${ROWS}
    expect:
      rows:
        - { TimeGenerated: 2026-11-20T11:55:00Z, UserPrincipalName: alice@contoso.com, IPAddress: 203.0.113.7 }
`);
    const after = await cli(['test', root]);
    expect(after.stdout).toMatch(/Tests: 5 passed, 0 failed, 1 skipped, 0 unsupported, 0 errors \(6 total\)/);
    expect(after.code).toBe(0);
  });
});

/** The shape JUnit viewers (GitHub Actions test reporters, Azure DevOps, GitLab) read. */
function expectJunitShape(xml: string) {
  const doc = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => ['testsuite', 'testcase'].includes(name),
  }).parse(xml);
  const root = doc.testsuites;
  expect(root).toBeDefined();
  let total = 0;
  for (const suite of root.testsuite) {
    for (const attr of ['@_name', '@_tests', '@_failures', '@_errors', '@_skipped', '@_time'])
      expect(suite[attr], attr).toBeDefined();
    const cases = suite.testcase;
    expect(Number(suite['@_tests'])).toBe(cases.length);
    expect(Number(suite['@_failures'])).toBe(cases.filter((c: Record<string, unknown>) => c.failure).length);
    expect(Number(suite['@_errors'])).toBe(cases.filter((c: Record<string, unknown>) => c.error).length);
    expect(Number(suite['@_skipped'])).toBe(
      cases.filter((c: Record<string, unknown>) => c.skipped !== undefined).length,
    );
    for (const c of cases) {
      expect(c['@_name']).toBeTruthy();
      expect(c['@_classname']).toBeTruthy();
      expect(Number(c['@_time'])).toBeGreaterThanOrEqual(0);
      for (const child of Object.keys(c).filter((k) => !k.startsWith('@_')))
        expect(['failure', 'error', 'skipped']).toContain(child);
    }
    total += cases.length;
  }
  expect(Number(root['@_tests'])).toBe(total);
  return root;
}

describe('kqlc test reports and exit codes', () => {
  const unsupported = 'SigninLogs\n| evaluate autocluster()\n| extend UserPrincipalName = ""';
  const files = (config?: string) => ({
    'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
    'analytics/r.yaml': ruleYaml(QUERY),
    'analytics/r.tests.yaml': `tests:\n${test('passes', '{ count: 1 }')}${test('fails <&>', '{ count: 3 }')}${test('skipped', '{ count: 1 }', '    skip: flaky upstream\n')}`,
    'analytics/u.yaml': ruleYaml(unsupported).replace(
      '9f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f',
      '1f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f',
    ),
    'analytics/u.tests.yaml': `tests:\n${test('plugin', '{ count: 0 }')}`,
    ...(config ? { 'kqlc.yaml': config } : {}),
  });

  it('--format junit: one suite per file, failures, skipped and unsupported cases; well-formed', async () => {
    const { stdout, code } = await cli(['test', tempProject(files()), '--format', 'junit']);
    expect(code).toBe(1);
    const root = expectJunitShape(stdout);
    expect(root['@_tests']).toBe('4');
    expect(root['@_failures']).toBe('2');
    expect(root['@_skipped']).toBe('1');
    const [r, u] = root.testsuite;
    expect(r['@_name']).toBe('analytics/r.yaml');
    expect(r.testcase[1]['@_name']).toBe('fails <&>');
    expect(r.testcase[1].failure['@_message']).toBe('expected 3 rows, got 1');
    expect(r.testcase[2].skipped['@_message']).toBe('flaky upstream');
    expect(u.testcase[0].failure['@_message']).toMatch(/^unsupported: not supported by the local engine: /);
  });

  it('unsupported fails the run unless test.allowUnsupported; it is shown and counted either way', async () => {
    const strict = await cli(['test', tempProject(files()), '--filter', 'plugin']);
    expect(strict.stdout).toMatch(
      /^UNSUPPORTED analytics\/u.yaml › plugin\n {12}not supported by the local engine: /,
    );
    expect(strict.stdout).toMatch(/0 passed, 0 failed, 0 skipped, 1 unsupported, 0 errors \(1 total\)/);
    expect(strict.code).toBe(1);
    const lenient = await cli([
      'test',
      tempProject(files('test:\n  allowUnsupported: true\n')),
      '--filter',
      'plugin',
    ]);
    expect(lenient.stdout).toMatch(/1 unsupported/);
    expect(lenient.code).toBe(0);
    const junit = await cli([
      'test',
      tempProject(files('test:\n  allowUnsupported: true\n')),
      '--filter',
      'plugin',
      '--format',
      'junit',
    ]);
    expect(expectJunitShape(junit.stdout).testsuite[0].testcase[0].skipped['@_message']).toMatch(
      /^unsupported: /,
    );
  });

  it('pretty: a test that cannot run shows its problem at the file position', async () => {
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'analytics/r.yaml': ruleYaml(QUERY),
      'analytics/r.tests.yaml': `tests:
  - name: missing sample
    now: 2026-11-20T12:00:00Z
    input:
      SigninLogs: nowhere.jsonl
    expect: { count: 0 }
`,
    });
    const { stdout, code } = await cli(['test', root]);
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        'ERROR       analytics/r.yaml › missing sample',
        "            analytics/r.tests.yaml:5:19: test 'missing sample', table SigninLogs: sample file 'content/samples/nowhere.jsonl' does not exist",
        'Tests: 0 passed, 0 failed, 0 skipped, 0 unsupported, 1 errors (1 total)',
        '',
      ].join('\n'),
    );
  });

  it('--format json: a record per test with its status, rows and alerts', async () => {
    const { stdout } = await cli(['test', tempProject(files()), '--format', 'json', '--filter', 'r.yaml']);
    const records = JSON.parse(stdout);
    expect(records.map((r: { test: string; status: string }) => [r.test, r.status])).toEqual([
      ['passes', 'passed'],
      ['fails <&>', 'failed'],
      ['skipped', 'skipped'],
    ]);
    expect(records[0]).toMatchObject({
      file: 'analytics/r.yaml',
      rows: 1,
      alerts: [{ name: 'Failed sign-ins', entities: [{ type: 'Account', FullName: 'alice@contoso.com' }] }],
    });
  });
});

describe('kqlc test and workbooks', () => {
  const workbook = `id: 6a0f3c1e-2b4d-4e8f-9a1b-3c5d7e9f1a2b
title: Sign-in activity
parameters:
  - { name: TimeRange, type: timeRange, default: 1d }
  - { name: Result, type: text }
items:
  - title: Sign-ins with one result
    query: |
      SigninLogs
      | where TimeGenerated {TimeRange} and ResultType == '{Result}'
      | project UserPrincipalName
`;
  const tests = `tests:
  # the failed sign-in
  - name: one result
    query: Sign-ins with one result
    now: 2026-11-20T12:00:00Z
    parameters: { Result: "50126" }
    input:
${ROWS}
    expect:
      rows: []
`;

  it('--update writes what a workbook query returned; json and junit name the query', async () => {
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'workbooks/signins.yaml': workbook,
      'workbooks/signins.tests.yaml': tests,
    });
    const pretty = await cli(['test', root]);
    expect(pretty.code).toBe(1);
    expect(pretty.stdout).toContain(
      'FAIL        workbooks/signins.yaml › Sign-ins with one result › one result',
    );
    // --filter also matches the workbook query a test names.
    const filtered = await cli(['test', root, '--filter', 'Sign-ins with', '--format', 'json']);
    expect(JSON.parse(filtered.stdout).map((r: { test: string }) => r.test)).toEqual(['one result']);
    const none = await cli(['test', root, '--filter', 'Sign-ins without', '--format', 'json']);
    expect(JSON.parse(none.stdout)).toEqual([]);
    const json = JSON.parse((await cli(['test', root, '--format', 'json'])).stdout);
    expect(json).toEqual([
      expect.objectContaining({
        file: 'workbooks/signins.yaml',
        query: 'Sign-ins with one result',
        status: 'failed',
      }),
    ]);
    const junit = expectJunitShape((await cli(['test', root, '--format', 'junit'])).stdout);
    expect(junit.testsuite[0].testcase[0]['@_classname']).toBe(
      'workbook.Sign-in activity.Sign-ins with one result',
    );

    const update = await cli(['test', root, '--update']);
    expect(update.stderr).toContain('Updated the expectations of 1 test in 1 file');
    expect(readFileSync(path.join(root, 'workbooks/signins.tests.yaml'), 'utf8')).toBe(
      tests.replace('rows: []', 'rows:\n        - { UserPrincipalName: alice@contoso.com }'),
    );
    const after = await cli(['test', root]);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/Tests: 1 passed/);
  });
});

describe('coverage gate', () => {
  const quiet = `  - name: quiet
    now: 2026-11-20T12:00:00Z
    expect: { alerts: 0 }
`;
  const fires = test('fires', '{ alerts: 1 }');
  const project = (tests: Record<string, string>) =>
    tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'kqlc.yaml': 'test:\n  coverage: { testedItems: true, ruleAlerts: true }\n',
      'analytics/both.yaml': ruleYaml(QUERY),
      'analytics/only_fires.yaml': ruleYaml(QUERY)
        .replace(/^id: .*$/m, 'id: 2f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f')
        .replace('name: Failed sign-ins', 'name: Only fires'),
      'analytics/untested.yaml': ruleYaml(QUERY)
        .replace(/^id: .*$/m, 'id: 3f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f')
        .replace('name: Failed sign-ins', 'name: Untested'),
      ...tests,
    });

  it('names every rule that lacks a test raising an alert or one raising none, and fails the run', async () => {
    const root = project({
      'analytics/both.tests.yaml': `tests:\n${fires}${quiet}`,
      'analytics/only_fires.tests.yaml': `tests:\n${fires}`,
      // Workbooks are counted too, now that their queries can be tested.
      'workbooks/teams_activity.yaml': readFileSync(
        new URL('../../workbooks/teams/teams_activity.yaml', import.meta.url),
        'utf8',
      ).replace(/^# yaml-language-server.*\n/, ''),
    });
    const { stdout, code } = await cli(['test', root]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/Tests: 3 passed/);
    expect(stdout).toContain("KQLC5005 analytic rule 'Only fires' needs passing tests: one that raises none");
    expect(stdout).toContain("KQLC5005 analytic rule 'Untested' has no test");
    expect(stdout).toContain("KQLC5005 workbook 'Microsoft Teams activity' has no test");
    expect(stdout).not.toContain("'Failed sign-ins'");
    const junit = await cli(['test', root, '--format', 'junit']);
    const suites = expectJunitShape(junit.stdout).testsuite;
    expect(suites.at(-1)['@_name']).toBe('kqlc test coverage');
    expect(suites.at(-1).testcase.map((c: Record<string, string>) => c['@_name'])).toEqual([
      'analytics/only_fires.yaml',
      'analytics/untested.yaml',
      'workbooks/teams_activity.yaml',
    ]);
  });
});

describe('kqlc test --replay', () => {
  const line = (t: string, user: string) =>
    JSON.stringify({
      TimeGenerated: t,
      UserPrincipalName: user,
      IPAddress: '203.0.113.7',
      ResultType: '50126',
    });
  const data = [
    line('2026-11-20T08:30:00Z', 'alice@contoso.com'),
    line('2026-11-20T08:45:00Z', 'bob@contoso.com'),
    line('2026-11-20T10:20:00Z', 'carol@contoso.com'),
    line('2026-11-21T02:10:00Z', 'dan@contoso.com'),
    JSON.stringify({
      TimeGenerated: '2026-11-20T09:30:00Z',
      UserPrincipalName: 'eve@contoso.com',
      ResultType: '0',
    }),
  ].join('\n');
  const project = (extra = '') =>
    tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'analytics/r.yaml': ruleYaml(QUERY, extra),
      'recorded/SigninLogs.jsonl': data,
    });
  const args = ['--from', '2026-11-20T00:00:00Z', '--to', '2026-11-21T23:00:00Z', '--data', 'recorded'];

  it('runs the rule at every queryFrequency tick and reports the alerts per day', async () => {
    const root = project();
    const { stdout, code } = await cli(['test', root, '--replay', 'Failed sign-ins', ...args]);
    expect(code).toBe(0);
    expect(stdout).toBe(`Replay of analytics/r.yaml › Failed sign-ins
  every 1h over the last 1h, 2026-11-20T00:00:00.0000000Z → 2026-11-21T23:00:00.0000000Z
  data: SigninLogs (5 rows)

date        runs  triggered  alerts
2026-11-20    24          2       2
  09:00  1 alert from 2 results: Failed sign-ins
  11:00  1 alert from 1 results: Failed sign-ins
2026-11-21    24          1       1
  03:00  1 alert from 1 results: Failed sign-ins

Total: 48 runs, 3 triggered, 3 alerts
`);
  });

  it('honours alert suppression and one alert per result; JSON output lists every run', async () => {
    const root = project(
      'suppressionEnabled: true\nsuppressionDuration: 5h\neventGroupingSettings:\n  aggregationKind: AlertPerResult\n',
    );
    const { stdout } = await cli(['test', root, '--replay', 'analytics/r.yaml', ...args, '--format', 'json']);
    const report = JSON.parse(stdout);
    expect(report.runs).toHaveLength(48);
    expect(report.days).toEqual([
      { date: '2026-11-20', runs: 24, triggered: 1, alerts: 2 },
      { date: '2026-11-21', runs: 24, triggered: 1, alerts: 1 },
    ]);
    expect(report.runs[11]).toEqual({
      at: '2026-11-20T11:00:00.0000000Z',
      results: 1,
      alerts: [],
      suppressed: true,
    });
    expect(report.runs[9].alerts.map((a: { entities: unknown }) => a.entities)).toEqual([
      [{ type: 'Account', FullName: 'alice@contoso.com' }],
      [{ type: 'Account', FullName: 'bob@contoso.com' }],
    ]);
  });

  it('reads a Log Analytics CSV export as recorded data', async () => {
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'analytics/r.yaml': ruleYaml(QUERY),
      'recorded/SigninLogs.csv': [
        '"TimeGenerated [UTC]",UserPrincipalName,IPAddress,ResultType',
        '"11/20/2026, 8:30:00.000 AM",alice@contoso.com,203.0.113.7,50126',
        '"11/20/2026, 3:10:00.000 PM",bob@contoso.com,203.0.113.7,50126',
      ].join('\r\n'),
    });
    const { stdout } = await cli(['test', root, '--replay', 'Failed sign-ins', ...args, '--format', 'json']);
    const report = JSON.parse(stdout);
    expect(report.tables).toEqual({ SigninLogs: 2 });
    expect(
      report.runs.filter((r: { alerts: unknown[] }) => r.alerts.length).map((r: { at: string }) => r.at),
    ).toEqual(['2026-11-20T09:00:00.0000000Z', '2026-11-20T16:00:00.0000000Z']);
  });

  it('reports bad arguments and data as usage errors', async () => {
    const root = project();
    const run = (...extra: string[]) => cli(['test', root, ...extra]);
    expect((await run('--replay', 'nope', ...args)).stderr).toBe(
      "kqlc: no analytic rule with id, name or file 'nope'\n",
    );
    expect(
      (await run('--replay', 'Failed sign-ins', '--from', 'x', '--to', 'y', '--data', 'recorded')).stderr,
    ).toBe("kqlc: --from 'x' is not an ISO 8601 datetime\n");
    expect((await run('--replay', 'Failed sign-ins', '--from', '2026-11-20T00:00:00Z')).stderr).toBe(
      'kqlc: --replay needs --from, --to and --data\n',
    );
    expect((await run(...args)).stderr).toBe('kqlc: --from, --to and --data go with --replay\n');
    expect((await run('--replay', 'Failed sign-ins', ...args, '--format', 'junit')).code).toBe(2);
    const missing = await run('--replay', 'Failed sign-ins', ...args.slice(0, 4), '--data', 'nowhere');
    expect([missing.code, missing.stderr]).toEqual([
      2,
      "kqlc: cannot read --data folder 'nowhere': ENOENT\n",
    ]);
  });
});

describe('kqlc test with named values', () => {
  it('runs the query with the project-wide values substituted', async () => {
    const config = `values:\n  FailedCode: '"50126"'\nenvironments:\n  prod:\n    subscriptionId: s\n    resourceGroup: rg\n    workspace: ws\n    values: { FailedCode: '"0"' }\n`;
    const query = 'SigninLogs\n| where ResultType == {{FailedCode}}\n| project UserPrincipalName';
    const root = tempProject({
      'kqlc.yaml': config,
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'analytics/r.yaml': `${ruleYaml(query)}tests:\n${test('alice only', '{ rows: [{ UserPrincipalName: alice@contoso.com }], count: 1 }')}`,
    });
    const r = await cli(['test', root]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 passed/);
  });
});

describe('kqlc test --workers', () => {
  /** 300 hunting queries with one test each, passing or failing: enough to share between two threads. */
  const files = () => {
    const out: Record<string, string> = { 'content/tables/SigninLogs.yaml': SIGNIN_TABLE };
    for (let i = 0; i < 300; i++)
      out[`hunting/h${String(i).padStart(3, '0')}.yaml`] =
        `id: 5b1f0c7e-2a4d-4e8f-9b3a-${String(i).padStart(12, '0')}
name: Failed sign-ins ${i}
description: failed sign-ins
query: |
  SigninLogs
  | where ResultType == "50126" and UserPrincipalName != "nobody${i}"
  | project UserPrincipalName
tests:
${i % 3 ? test('one row', '{ count: 1 }') : test('wrong', '{ rows: [ { UserPrincipalName: mallory@contoso.com } ] }')}`;
    return out;
  };
  const untimed = (json: string) =>
    JSON.parse(json).map(
      ({ durationMs: _d, evaluateMs: _e, analyzeMs: _a, ...rest }: Record<string, unknown>) => rest,
    );

  it('prints the same reports, exits the same and updates the same files as one thread', async () => {
    const root = tempProject(files());
    const alone = await cli(['test', root, '--format', 'json', '--workers', '1']);
    const shared = await cli(['test', root, '--format', 'json', '--workers', '2']);
    expect(alone.code).toBe(1);
    expect(shared.code).toBe(alone.code);
    expect(untimed(alone.stdout)).toHaveLength(300);
    expect(untimed(shared.stdout)).toStrictEqual(untimed(alone.stdout));
    const junit = async (workers: string) =>
      (await cli(['test', root, '--format', 'junit', '--workers', workers])).stdout.replace(
        /time="[^"]*"/g,
        '',
      );
    expect(await junit('2')).toBe(await junit('1'));

    const copy = tempProject(files());
    await cli(['test', root, '--update', '--workers', '1']);
    const updated = await cli(['test', copy, '--update', '--workers', '2']);
    expect(updated.code).toBe(1);
    expect(updated.stderr).toContain('Updated the expectations of 100 tests in 100 files');
    for (const file of Object.keys(files()))
      expect(readFileSync(path.join(copy, file), 'utf8')).toBe(readFileSync(path.join(root, file), 'utf8'));
  });
});
