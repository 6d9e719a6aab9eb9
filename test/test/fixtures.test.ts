import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveProject } from '../../src/kql/project-world.js';
import { loadProject } from '../../src/load/project.js';
import { type RunTestsOptions, runTests, type TestResult } from '../../src/test/runner.js';
import { tempProject } from '../helpers/temp-project.js';

const TABLE = `name: SigninLogs
columns:
  - { name: TimeGenerated, type: datetime }
  - { name: UserPrincipalName, type: string }
  - { name: IPAddress, type: string }
  - { name: ResultType, type: string }
  - { name: Attempts, type: long }
  - { name: DeviceDetail, type: dynamic }
`;

const HUNT = `id: 5b1f0c7e-2a4d-4e8f-9b3a-6c7d8e9f0a1b
name: Sign-ins
description: every sign-in with its browser
query: |
  SigninLogs
  | project TimeGenerated, UserPrincipalName, Attempts, Browser = tostring(DeviceDetail.browser)
`;

const CSV = [
  'TenantId,"TimeGenerated [UTC]",UserPrincipalName,IPAddress,ResultType,Attempts,DeviceDetail',
  ',"11/20/2026, 11:55:00.000 AM",alice@contoso.com,203.0.113.7,50126,3,"{""browser"":""Edge 120"",""os"":""Windows, 11""}"',
  ',"11/20/2026, 11:58:30.250 AM","bob@contoso.com",198.51.100.1,0,,"{""browser"":""Firefox""}"',
  ',2026-11-20T10:00:00Z,"carol@contoso.com",198.51.100.2,0,1,',
].join('\r\n');

async function run(
  files: Record<string, string | Buffer>,
  options: RunTestsOptions = {},
  extra?: (root: string) => void,
): Promise<TestResult[]> {
  const root = tempProject({ 'content/tables/SigninLogs.yaml': TABLE, 'hunting/h.yaml': HUNT, ...files });
  extra?.(root);
  const project = await loadProject(root);
  expect(project.diagnostics).toEqual([]);
  return runTests(resolveProject(project), options);
}

const test = (name: string, input: string, expectYaml = '{ count: 0 }') => `  - name: ${name}
    now: 2026-11-20T12:00:00Z
    input:
      SigninLogs: ${input}
    expect: ${expectYaml}
`;

describe('fixtures from a Log Analytics CSV export', () => {
  it('reads [UTC] headers, portal datetimes, JSON in dynamic cells and empty cells as absent values', async () => {
    // TenantId is not a column of the declared table: the export's extra columns are still errors.
    const csv = CSV.replace('TenantId,', '').replace(/\r\n,/g, '\r\n');
    const [result] = await run({
      'content/samples/signins.csv': csv,
      'hunting/h.tests.yaml': `tests:\n${test(
        'csv',
        'signins.csv',
        `
      rows:
        - { TimeGenerated: 2026-11-20T11:55:00Z, UserPrincipalName: alice@contoso.com, Attempts: 3, Browser: Edge 120 }
        - { TimeGenerated: 2026-11-20T11:58:30.25Z, UserPrincipalName: bob@contoso.com, Attempts: null, Browser: Firefox }
        - { TimeGenerated: 2026-11-20T10:00:00Z, UserPrincipalName: carol@contoso.com, Attempts: 1, Browser: "" }`,
      )}`,
    });
    expect(result).toMatchObject({ status: 'passed', message: '' });
  });

  it('names the file and line of a cell that does not fit, and of a column the table lacks', async () => {
    const results = await run({
      'content/samples/extra.csv': CSV,
      'content/samples/bad-json.csv':
        '"TimeGenerated [UTC]",DeviceDetail\n"11/20/2026, 11:55:00 AM","{""browser"":"\n',
      'content/samples/local.csv':
        '"TimeGenerated [Local Time]",UserPrincipalName\n"11/20/2026, 11:55:00 AM",a\n',
      'content/samples/short.csv': 'UserPrincipalName,IPAddress\na,b\nc\n',
      'hunting/h.tests.yaml': `tests:\n${test('extra column', 'extra.csv')}${test('bad json', 'bad-json.csv')}${test('local time', 'local.csv')}${test('short row', 'short.csv')}`,
    });
    const where = results.map(
      (r) => `${r.status} ${r.diagnostics[0]?.file}:${r.diagnostics[0]?.start?.line} ${r.message}`,
    );
    expect(where[0]).toBe(
      "error content/samples/extra.csv:2 test 'extra column', table SigninLogs: column 'TenantId' is not in the schema of SigninLogs",
    );
    expect(where[1]).toMatch(
      /^error content\/samples\/bad-json.csv:2 test 'bad json', table SigninLogs: column 'DeviceDetail': invalid JSON/,
    );
    expect(where[2]).toBe(
      "error content/samples/local.csv:1 test 'local time', table SigninLogs: content/samples/local.csv: column 'TimeGenerated [Local Time]' is in Local Time; export with times in UTC",
    );
    expect(where[3]).toBe(
      "error content/samples/short.csv:3 test 'short row', table SigninLogs: content/samples/short.csv: line 3 has 1 cells; the header has 2",
    );
  });
});

describe('bad fixture files', () => {
  it('each gives an error naming the test and the file, and the rest of the suite runs', async () => {
    const tests = [
      test('missing', 'nowhere.jsonl'),
      test('a folder', 'folder.jsonl'),
      test('not UTF-8', 'latin1.jsonl'),
      test('huge', 'big.jsonl'),
      test('outside', '../../../../etc/passwd.jsonl'),
      test('outside through a link', 'link.jsonl'),
      test('broken quoting', 'broken.csv'),
      test('malformed JSON line', 'broken.jsonl'),
      test('unknown format', 'signins.txt'),
      test('fine', 'ok.jsonl', '{ count: 1 }'),
    ];
    const results = await run(
      {
        'content/samples/folder.jsonl/x': '',
        'content/samples/latin1.jsonl': Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d, 0x0a]),
        'content/samples/big.jsonl': `${'{"UserPrincipalName": "a"}\n'.repeat(20)}`,
        'content/samples/broken.csv': 'UserPrincipalName,IPAddress\n"a,b\n',
        'content/samples/broken.jsonl': '{"UserPrincipalName": "a"}\n{"UserPrincipalName": \n',
        'content/samples/signins.txt': 'x',
        'content/samples/ok.jsonl': '{"UserPrincipalName": "a", "TimeGenerated": "now-1m"}\n',
        'hunting/h.tests.yaml': `tests:\n${tests.join('')}`,
      },
      { maxSampleBytes: 200 },
      (root) => symlinkSync('/etc/hostname', path.join(root, 'content/samples/link.jsonl')),
    );
    const lines = results.map(
      (r) => `${r.status} ${r.diagnostics.map((d) => `${d.file}:${d.start?.line} ${d.message}`).join(' | ')}`,
    );
    expect(lines).toEqual([
      "error hunting/h.tests.yaml:5 test 'missing', table SigninLogs: sample file 'content/samples/nowhere.jsonl' does not exist",
      "error hunting/h.tests.yaml:10 test 'a folder', table SigninLogs: sample file 'content/samples/folder.jsonl' is not a file",
      "error hunting/h.tests.yaml:15 test 'not UTF-8', table SigninLogs: sample file 'content/samples/latin1.jsonl' is not UTF-8 text",
      "error hunting/h.tests.yaml:20 test 'huge', table SigninLogs: sample file 'content/samples/big.jsonl' is 540 bytes; the limit is 200",
      "error hunting/h.tests.yaml:25 test 'outside', table SigninLogs: sample file '../../etc/passwd.jsonl' is outside the project",
      "error hunting/h.tests.yaml:30 test 'outside through a link', table SigninLogs: sample file 'content/samples/link.jsonl' is outside the project (through a symbolic link)",
      "error content/samples/broken.csv:2 test 'broken quoting', table SigninLogs: content/samples/broken.csv: line 2: a quoted field is not closed",
      "error content/samples/broken.jsonl:2 test 'malformed JSON line', table SigninLogs: content/samples/broken.jsonl: line 2 is not valid JSON: Unexpected end of JSON input",
      "error hunting/h.tests.yaml:45 test 'unknown format', table SigninLogs: sample file 'content/samples/signins.txt': use JSON Lines (.jsonl) or a Log Analytics CSV export (.csv)",
      'passed ',
    ]);
  });
});
