import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/check-project.js';
import { resolveProject } from '../../src/kql/project-world.js';
import { loadProject } from '../../src/load/project.js';
import { runTests } from '../../src/test/runner.js';
import { ruleYaml, SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

const summary = (
  ds: { file: string; code: string; start?: { line: number; column: number }; message: string }[],
) => ds.map((d) => `${d.file}:${d.start?.line}:${d.start?.column} ${d.code} ${d.message}`);

const VIP = `alias: VIPUsers
searchKey: UserPrincipalName
columns:
  - { name: UserPrincipalName }
  - { name: Department, type: string }
  - { name: Tier, type: long }
  - { name: 'Employee Id' }
rows:
  - { UserPrincipalName: alice@contoso.com, Department: Finance, Tier: 1, 'Employee Id': E1 }
  - { UserPrincipalName: bob@contoso.com, Department: Sales, Tier: 2 }
`;

const SERVERS = `alias: CriticalServers
searchKey: HostName
columns:
  - { name: HostName }
  - { name: Owner }
`;

describe('watchlists declared in content/watchlists', () => {
  it('types _GetWatchlist by alias: SearchKey, the standard columns and the declared ones', async () => {
    const query = [
      "let vip = _GetWatchlist('VIPUsers') | where Tier == 1 | project SearchKey, Department, ['Employee Id'], _DTItemId, LastUpdatedTimeUTC, WatchlistItem;",
      'SigninLogs',
      '| join kind=inner vip on $left.UserPrincipalName == $right.SearchKey',
      '| project UserPrincipalName, Department',
    ].join('\n');
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'content/watchlists/vip.yaml': VIP,
      'content/watchlists/servers.yaml': SERVERS,
      'analytics/r.yaml': ruleYaml(query),
    });
    const project = await loadProject(root);
    expect(project.diagnostics).toEqual([]);
    const resolved = resolveProject(project);
    expect(resolved.analysis(project.items[0]).columns).toEqual([
      { name: 'UserPrincipalName', type: 'string' },
      { name: 'Department', type: 'string' },
    ]);
    expect(checkProject(project).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it("does not offer one watchlist's columns through another, and warns at an undeclared alias", async () => {
    const mixed = [
      "let owners = _GetWatchlist('CriticalServers') | project Owner, Department;",
      'SigninLogs',
      '| project UserPrincipalName',
    ].join('\n');
    // An undeclared watchlist may exist in the workspace: its columns are open, only the alias is flagged.
    const undeclared = [
      "let unknown = _GetWatchlist('VIPUser') | project ['User Principal Name'];",
      'SigninLogs',
      '| project UserPrincipalName',
    ].join('\n');
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'content/watchlists/vip.yaml': VIP,
      'content/watchlists/servers.yaml': SERVERS,
      'analytics/r.yaml': ruleYaml(mixed),
      'analytics/u.yaml': ruleYaml(undeclared).replace(
        '9f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f',
        '8f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f',
      ),
    });
    const found = summary(checkProject(await loadProject(root)).diagnostics).filter((d) =>
      /KS\d+|KQLC2004/.test(d),
    );
    expect(found).toEqual([
      expect.stringMatching(/^analytics\/r.yaml:13:66 KS142 .*'Department'/),
      "analytics/u.yaml:13:31 KQLC2004 watchlist 'VIPUser' is not declared in content/watchlists (declared: CriticalServers, VIPUsers)",
    ]);
  });

  it('follows a query into the parsers it calls; a parser with a variable alias does not loosen other queries', async () => {
    const viaParser = `id: 0c2d4e6f-8a1b-4c3d-9e5f-7a8b9c0d1e2f
name: VipDepartments
query: |
  _GetWatchlist('VIPUsers') | project Upn = SearchKey, Department
`;
    const variable = `id: 1c2d4e6f-8a1b-4c3d-9e5f-7a8b9c0d1e2f
name: AnyWatchlist
parameters:
  - { name: alias, type: string }
query: |
  _GetWatchlist(alias) | project SearchKey
`;
    const query = [
      'let d = VipDepartments | project Upn, Department;',
      "let bad = _GetWatchlist('VIPUsers') | project Region;",
      'SigninLogs',
      '| project UserPrincipalName',
    ].join('\n');
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'content/watchlists/vip.yaml': VIP,
      'parsers/vip.yaml': viaParser,
      'parsers/any.yaml': variable,
      'analytics/r.yaml': ruleYaml(query),
    });
    const found = summary(checkProject(await loadProject(root)).diagnostics).filter((d) =>
      / (KS\d+|KQLC2004) /.test(d),
    );
    expect(found).toEqual([expect.stringMatching(/^analytics\/r.yaml:14:49 KS142 .*'Region'/)]);
  });

  it('runs tests against the declared rows', async () => {
    const query = [
      "let vip = _GetWatchlist('VIPUsers') | project SearchKey, Department;",
      'SigninLogs',
      '| where ResultType == "50126"',
      '| join kind=inner vip on $left.UserPrincipalName == $right.SearchKey',
      '| project UserPrincipalName, Department',
    ].join('\n');
    const tests = `tests:
  - name: a VIP's failed sign-in carries the department
    now: 2026-11-20T12:00:00Z
    input:
      SigninLogs:
        - { TimeGenerated: now-5m, UserPrincipalName: alice@contoso.com, IPAddress: 203.0.113.7, ResultType: "50126" }
        - { TimeGenerated: now-6m, UserPrincipalName: carol@contoso.com, IPAddress: 203.0.113.8, ResultType: "50126" }
    expect:
      rows:
        - { UserPrincipalName: alice@contoso.com, Department: Finance }
`;
    const project = await loadProject(
      tempProject({
        'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
        'content/watchlists/vip.yaml': VIP,
        'analytics/r.yaml': ruleYaml(query),
        'analytics/r.tests.yaml': tests,
      }),
    );
    expect(project.diagnostics).toEqual([]);
    const [result] = await runTests(resolveProject(project));
    expect(result).toMatchObject({ status: 'passed' });
  });

  it('reports bad declarations: a search key that is no column, an unknown row column, a duplicate alias', async () => {
    const root = tempProject({
      'content/watchlists/a.yaml': VIP.replace('searchKey: UserPrincipalName', 'searchKey: Upn'),
      'content/watchlists/b.yaml': SERVERS.replace(
        '  - { name: Owner }',
        '  - { name: Owner }\nrows:\n  - { HostName: h1, Site: x }',
      ),
      'content/watchlists/c.yaml': SERVERS,
      'content/watchlists/d.yaml': SERVERS.replace('CriticalServers', 'criticalservers'),
    });
    expect(summary((await loadProject(root)).diagnostics)).toEqual([
      "content/watchlists/a.yaml:2:12 KQLC2001 searchKey 'Upn' is not one of the columns",
      "content/watchlists/b.yaml:7:21 KQLC2001 rows.0: 'Site' is not a column of the watchlist",
      "content/watchlists/d.yaml:1:8 KQLC1010 watchlist 'criticalservers' is already declared in content/watchlists/c.yaml",
    ]);
  });
});
