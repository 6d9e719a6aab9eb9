import { describe, expect, it } from 'vitest';
import { resolveProject } from '../../src/kql/project-world.js';
import { loadProject } from '../../src/load/project.js';
import { runTests, type TestResult } from '../../src/test/runner.js';
import { ruleYaml, SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

const QUERY =
  'SigninLogs\n| where ResultType == "50126"\n| project TimeGenerated, UserPrincipalName, IPAddress';

async function run(files: Record<string, string>): Promise<TestResult[]> {
  const project = await loadProject(
    tempProject({ 'content/tables/SigninLogs.yaml': SIGNIN_TABLE, ...files }),
  );
  expect(project.diagnostics).toEqual([]);
  return runTests(resolveProject(project));
}

const rows = `      SigninLogs:
        - { TimeGenerated: now-5m, UserPrincipalName: alice@contoso.com, IPAddress: 203.0.113.7, ResultType: "50126" }
        - { TimeGenerated: now-10m, UserPrincipalName: bob@contoso.com, IPAddress: 203.0.113.7, ResultType: "0" }
        - { TimeGenerated: now-3h, UserPrincipalName: carol@contoso.com, IPAddress: 198.51.100.1, ResultType: "50126" }`;

describe('kqlc test runner', () => {
  it('passes when the expected rows come out, with relative timestamps and the rule time window', async () => {
    const tests = `tests:
  - name: failed sign-in inside the window
    now: 2026-11-20T12:00:00Z
    input:
${rows}
    expect:
      rows:
        - { UserPrincipalName: alice@contoso.com, TimeGenerated: 2026-11-20T11:55:00Z }
`;
    const [result] = await run({ 'analytics/r.yaml': ruleYaml(QUERY), 'analytics/r.tests.yaml': tests });
    expect(result).toMatchObject({ status: 'passed', message: '' });
  });

  it('fails a test that expects a wrong row, with a readable diff', async () => {
    const tests = `tests:
  - name: wrong expectation
    now: 2026-11-20T12:00:00Z
    input:
${rows}
    expect:
      rows:
        - { UserPrincipalName: mallory@contoso.com, IPAddress: 203.0.113.7 }
`;
    const [result] = await run({ 'analytics/r.yaml': ruleYaml(QUERY), 'analytics/r.tests.yaml': tests });
    expect(result.status).toBe('failed');
    expect(result.message).toBe(
      [
        'expected 1 row, got 1',
        '  - { UserPrincipalName: "mallory@contoso.com", IPAddress: "203.0.113.7" }',
        '  + { UserPrincipalName: "alice@contoso.com", IPAddress: "203.0.113.7" }',
      ].join('\n'),
    );
  });

  it('checks a row count, and reports an expected column the query does not output', async () => {
    const tests = `tests:
  - name: count
    now: 2026-11-20T12:00:00Z
    input:
${rows}
    expect: { count: 2 }
  - name: no such column
    now: 2026-11-20T12:00:00Z
    input:
${rows}
    expect: { rows: [ { ResultType: "50126" } ] }
`;
    const results = await run({ 'analytics/r.yaml': ruleYaml(QUERY), 'analytics/r.tests.yaml': tests });
    expect(results.map((r) => [r.status, r.message])).toEqual([
      ['failed', 'expected 2 rows, got 1'],
      [
        'failed',
        "expected column 'ResultType' not in the output (columns: TimeGenerated, UserPrincipalName, IPAddress)",
      ],
    ]);
  });

  it('reports fixture problems with the file and row, and still runs the other tests', async () => {
    const tests = `tests:
  - name: unknown column
    now: 2026-11-20T12:00:00Z
    input:
      SigninLogs:
        - { TimeGenerated: now, UserPrincipalName: a@b.c, Colour: blue }
    expect: { count: 0 }
  - name: bad datetime
    now: 2026-11-20T12:00:00Z
    input:
      SigninLogs:
        - { TimeGenerated: yesterday }
    expect: { count: 0 }
  - name: escaping sample path
    now: 2026-11-20T12:00:00Z
    input:
      SigninLogs: ../../../../etc/passwd
    expect: { count: 0 }
  - name: broken JSON line
    now: 2026-11-20T12:00:00Z
    input:
      SigninLogs: signins.jsonl
    expect: { count: 0 }
  - name: fine
    now: 2026-11-20T12:00:00Z
    input:
      SigninLogs: []
    expect: { count: 0 }
`;
    const results = await run({
      'analytics/r.yaml': ruleYaml(QUERY),
      'analytics/r.tests.yaml': tests,
      'content/samples/signins.jsonl': '{"UserPrincipalName": "a@b.c"}\n{"UserPrincipalName": \n',
    });
    expect(results.map((r) => r.status)).toEqual(['error', 'error', 'error', 'error', 'passed']);
    const where = results.map((r) => r.diagnostics.map((d) => `${d.file}:${d.start?.line} ${d.message}`)[0]);
    expect(where[0]).toBe(
      "analytics/r.tests.yaml:6 test 'unknown column', table SigninLogs: column 'Colour' is not in the schema of SigninLogs",
    );
    expect(where[1]).toBe(
      "analytics/r.tests.yaml:12 test 'bad datetime', table SigninLogs: column 'TimeGenerated': \"yesterday\" is not a datetime value",
    );
    expect(where[2]).toMatch(/^analytics\/r.tests.yaml:17 .*is outside the project$/);
    expect(where[3]).toMatch(/^content\/samples\/signins.jsonl:2 .*line 2 is not valid JSON/);
  });

  it('calls a parser with the params of the test', async () => {
    const parser = `id: 0d4c7e2a-1b3c-4d5e-8f90-a1b2c3d4e5f6
name: FailedSignins
parameters:
  - { name: code, type: string, default: '50126' }
query: |
  SigninLogs
  | where ResultType == code
  | project Upn = UserPrincipalName
tests:
  - name: default code
    now: 2026-11-20T12:00:00Z
    input:
${rows}
    expect:
      rows: [ { Upn: alice@contoso.com }, { Upn: carol@contoso.com } ]
  - name: success code
    now: 2026-11-20T12:00:00Z
    params: { code: "0" }
    input:
${rows}
    expect:
      rows: [ { Upn: bob@contoso.com } ]
`;
    const results = await run({ 'parsers/failed.yaml': parser });
    expect(results.map((r) => [r.test.name, r.status, r.message])).toEqual([
      ['default code', 'passed', ''],
      ['success code', 'passed', ''],
    ]);
  });

  it('marks a test whose query uses an unsupported construct as unsupported, never passed', async () => {
    const query = 'SigninLogs\n| evaluate autocluster()\n| extend UserPrincipalName = ""';
    const tests = `tests:
  - name: plugin
    now: 2026-11-20T12:00:00Z
    expect: { count: 0 }
`;
    const [result] = await run({ 'analytics/r.yaml': ruleYaml(query), 'analytics/r.tests.yaml': tests });
    expect(result.status).toBe('unsupported');
    expect(result.message).toMatch(/^not supported by the local engine: .* at 2:3$/);
  });
});

describe('time windows and tables', () => {
  it('an NRT rule sees only the last minute', async () => {
    const nrt = ruleYaml(QUERY)
      .replace('kind: Scheduled', 'kind: NRT')
      .replace('queryFrequency: 1h\nqueryPeriod: 1h\n', '');
    const tests = `tests:
  - name: last minute
    now: 2026-11-20T12:00:00Z
    input:
      SigninLogs:
        - { TimeGenerated: now-30s, UserPrincipalName: alice@contoso.com, ResultType: "50126" }
        - { TimeGenerated: now-2m, UserPrincipalName: bob@contoso.com, ResultType: "50126" }
    expect:
      rows: [ { UserPrincipalName: alice@contoso.com } ]
      alerts: 1
`;
    const [result] = await run({ 'analytics/r.yaml': nrt, 'analytics/r.tests.yaml': tests });
    expect([result.status, result.message]).toEqual(['passed', '']);
  });

  it('rows for a table of the built-in schema pack reach the query', async () => {
    const hunting = `id: 5b1f0c7e-2a4d-4e8f-9b3a-6c7d8e9f0a1b
name: Audit operations
description: operations in AuditLogs (not declared in the project)
query: |
  AuditLogs
  | project OperationName
tests:
  - name: built-in table
    now: 2026-11-20T12:00:00Z
    input:
      AuditLogs:
        - { TimeGenerated: now-1h, OperationName: Add member to role }
    expect:
      rows: [ { OperationName: Add member to role } ]
`;
    const [result] = await run({ 'hunting/h.yaml': hunting });
    expect([result.status, result.message]).toEqual(['passed', '']);
  });
});
