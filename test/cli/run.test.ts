import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

const project = () =>
  tempProject({
    'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
    'data/signins.jsonl': [
      '{"TimeGenerated": "2026-11-20T11:55:00Z", "UserPrincipalName": "alice@contoso.com", "IPAddress": "203.0.113.7", "ResultType": "50126"}',
      '{"TimeGenerated": "2026-11-20T09:00:00Z", "UserPrincipalName": "bob@contoso.com", "IPAddress": "203.0.113.7", "ResultType": "50126"}',
      '{"TimeGenerated": "2026-11-20T11:58:00Z", "UserPrincipalName": "carol@contoso.com", "IPAddress": "198.51.100.1", "ResultType": "0"}',
    ].join('\n'),
  });

const NOW = ['--now', '2026-11-20T12:00:00Z'];

describe('kqlc run', () => {
  it("answers a query over the project's tables and given data, as a table", async () => {
    const root = project();
    const query =
      'SigninLogs | where TimeGenerated > ago(1h) | summarize Users = dcount(UserPrincipalName) by IPAddress | order by IPAddress asc';
    const r = await cli(
      ['run', query, '--dir', root, '--data', 'SigninLogs=data/signins.jsonl', ...NOW],
      root,
    );
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      [
        'IPAddress     Users',
        '------------  -----',
        '198.51.100.1  1',
        '203.0.113.7   1',
        '(2 rows)',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON and CSV, and reads the query from standard input', async () => {
    const root = project();
    const query = 'print t = now(), d = dynamic({"a": [1, "x,y"]}), s = "say \\"hi\\""';
    const json = await cli(['run', query, '--format', 'json', ...NOW], root);
    expect(JSON.parse(json.stdout)).toEqual({
      columns: [
        { name: 't', type: 'datetime' },
        { name: 'd', type: 'dynamic' },
        { name: 's', type: 'string' },
      ],
      rows: [['2026-11-20T12:00:00.0000000Z', { a: [1, 'x,y'] }, 'say "hi"']],
    });
    const csv = await cli(['run', '-', '--format', 'csv', ...NOW], root, query);
    expect(csv.stdout).toBe('t,d,s\r\n2026-11-20T12:00:00.0000000Z,"{""a"":[1,""x,y""]}","say ""hi"""\r\n');
  });

  it('reports KQL errors at their position and unsupported constructs, exit 1', async () => {
    const root = project();
    const bad = await cli(['run', 'SigninLogs\n| where Nope == 1', ...NOW], root);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^query:2:9 error KS142 /);
    const unsupported = await cli(['run', 'SigninLogs | evaluate autocluster()', ...NOW], root);
    expect(unsupported.code).toBe(1);
    expect(unsupported.stderr).toMatch(/not supported by the local engine: .* at 1:/);
  });

  it('exits 2 on bad arguments', async () => {
    const root = project();
    expect((await cli(['run', 'print 1', '--data', 'Nope=data/signins.jsonl'], root)).code).toBe(2);
    expect((await cli(['run', 'print 1', '--data', 'SigninLogs'], root)).code).toBe(2);
    expect((await cli(['run', 'print 1', '--now', 'yesterday'], root)).code).toBe(2);
    expect((await cli(['run', '-'], root, '  ')).code).toBe(2);
  });
});
