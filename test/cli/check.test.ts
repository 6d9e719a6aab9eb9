import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { ruleYaml, SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

const good = ruleYaml('SigninLogs | project UserPrincipalName');
const bad = ruleYaml('SigninLogs\n| where Missing == 1\n| project UserPrincipalName');

describe('kqlc check', () => {
  it('exits 0 on clean content and prints a summary', async () => {
    const root = tempProject({ 'content/tables/SigninLogs.yaml': SIGNIN_TABLE, 'analytics/r.yaml': good });
    const r = await cli(['check', root]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('2 files checked: 0 errors, 0 warnings\n');
  });

  it('exits 1 on errors and prints the position with a code frame', async () => {
    const root = tempProject({ 'content/tables/SigninLogs.yaml': SIGNIN_TABLE, 'analytics/r.yaml': bad });
    const r = await cli(['check', root]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("analytics/r.yaml:14:11 error KS142 The name 'Missing' does not refer");
    expect(r.stdout).toContain('  > 14 |   | where Missing == 1\n       |           ^^^^^^^\n');
  });

  it('prints JSON records with 1-based positions relative to the project root', async () => {
    const root = tempProject({ 'content/tables/SigninLogs.yaml': SIGNIN_TABLE, 'analytics/r.yaml': bad });
    const r = await cli(['check', '--format', 'json'], root);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        file: 'analytics/r.yaml',
        line: 14,
        column: 11,
        endLine: 14,
        endColumn: 18,
        severity: 'error',
        code: 'KS142',
        message: "The name 'Missing' does not refer to any known column, table, variable or function.",
        contentId: '9f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f',
      },
    ]);
  });

  it('exits 2 on a usage error', async () => {
    expect((await cli(['check', '/no/such/folder'])).code).toBe(2);
    expect((await cli(['check', '--format', 'xml'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
  });
});
