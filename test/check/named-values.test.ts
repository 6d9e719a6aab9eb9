import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { itemKeys } from '../../src/check/cache.js';
import { checkProject } from '../../src/check/check-project.js';
import { placeholders, substitute } from '../../src/load/named-values.js';
import { loadProject } from '../../src/load/project.js';
import { cli } from '../helpers/cli.js';
import { ruleYaml, SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';
import { allFindings, findings } from './run-check.js';

const ENV = 'subscriptionId: s\n    resourceGroup: rg\n    workspace: ws';

const QUERY = 'SigninLogs\n| where UserPrincipalName has_any ({{OrgDomains}})\n| take {{Max}}';

describe('named values in queries', () => {
  it('checks cleanly when kqlc.yaml gives every value, project-wide or per environment', async () => {
    const config = [
      'values:',
      `  OrgDomains: '"example.com"'`,
      'environments:',
      '  prod:',
      `    ${ENV}`,
      '    values:',
      `      OrgDomains: '"contoso.com", "fabrikam.com"'`,
      '      Max: 10',
      '',
    ].join('\n');
    expect(await allFindings({ 'kqlc.yaml': config, 'analytics/r.yaml': ruleYaml(QUERY) })).toEqual([]);
  });

  it('reports a name defined nowhere at its file, line and column (KQLC1011), and only it', async () => {
    const out = await findings(
      {
        'kqlc.yaml': `values:\n  OrgDomains: '"example.com"'\n`,
        'analytics/r.yaml': ruleYaml(QUERY),
      },
      'KQLC1011',
      'KQLC4023',
    );
    // ruleYaml puts the query at line 13, indented by two: `| take {{Max}}` is line 15, `{{` at column 10.
    expect(out).toEqual([
      expect.stringMatching(/^analytics\/r.yaml:15:10 KQLC1011 error named value 'Max' is not defined/),
    ]);
  });

  it('reports an environment that publishes the item without a value for a name (KQLC4023)', async () => {
    const config = [
      'environments:',
      '  prod:',
      `    ${ENV}`,
      '    values: { OrgDomains: \'"contoso.com"\', Max: 10 }',
      '  dev:',
      `    ${ENV}`,
      '    values: { Max: 5 }',
      '  hunting-only:',
      `    ${ENV}`,
      '    include: [{ kind: hunting }]',
      '',
    ].join('\n');
    const out = await findings(
      { 'kqlc.yaml': config, 'analytics/r.yaml': ruleYaml(QUERY) },
      'KQLC1011',
      'KQLC4023',
    );
    expect(out).toEqual([
      expect.stringMatching(
        /^analytics\/r.yaml:14:38 KQLC4023 error named value 'OrgDomains' has no value in environment 'dev'/,
      ),
    ]);
  });

  it("analyses each environment's own substitution and reports its KQL errors there", async () => {
    const config = [
      'values: { Max: 10 }',
      'environments:',
      '  prod:',
      `    ${ENV}`,
      "    values: { Max: 'ten' }",
      '',
    ].join('\n');
    const out = (
      await allFindings({ 'kqlc.yaml': config, 'analytics/r.yaml': ruleYaml('SigninLogs\n| take {{Max}}') })
    ).filter((d) => !d.includes('KQLC4001'));
    expect(out).toEqual([
      expect.stringMatching(/^analytics\/r.yaml:14 KS\d+ with the values of environment 'prod': /),
    ]);
  });

  it('leaves Sentinel placeholders alone and maps offsets inside a value back to its placeholder', () => {
    const text = "let s = todatetime('{{StartTimeISO}}');\nT | where x in ({{A}}) | take {{B}}";
    expect(placeholders(text).map((p) => p.name)).toEqual(['A', 'B']);
    const s = substitute(text, { A: '"a","b"' });
    expect(s.text).toBe('let s = todatetime(\'{{StartTimeISO}}\');\nT | where x in ("a","b") | take {{B}}');
    expect(s.missing.map((p) => p.name)).toEqual(['B']);
    const valueAt = s.text.indexOf('"a"');
    expect(s.original(valueAt)).toBe(text.indexOf('{{A}}'));
    expect(s.original(valueAt + 6)).toBe(text.indexOf('{{A}}') + 4);
    expect(s.original(s.text.indexOf('| take'))).toBe(text.indexOf('| take'));
  });

  it('changes the check cache key of an item when a value it uses changes', async () => {
    const files = (value: string) => ({
      'kqlc.yaml': `values:\n  Max: ${value}\n`,
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'analytics/r.yaml': ruleYaml('SigninLogs\n| take {{Max}}'),
    });
    const a = await loadProject(tempProject(files('10')));
    const b = await loadProject(tempProject(files('20')));
    expect(a.items[0].query.text).toBe('SigninLogs\n| take 10\n');
    expect(b.items[0].query.text).toBe('SigninLogs\n| take 20\n');
    expect([...itemKeys(a).values()][0]).not.toBe([...itemKeys(b).values()][0]);
    expect(checkProject(a).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('kqlc check re-analyses an item, through its caches, when only a value in kqlc.yaml changed', async () => {
    const config = (max: string) =>
      `values: { Max: 10 }\nenvironments:\n  prod:\n    ${ENV}\n    values: { Max: ${max} }\n`;
    const root = tempProject({
      'kqlc.yaml': config('20'),
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'analytics/r.yaml': ruleYaml('SigninLogs\n| take {{Max}}'),
    });
    const first = await cli(['check', root, '--format', 'json']);
    expect(first.code).toBe(0);
    writeFileSync(path.join(root, 'kqlc.yaml'), config("'twenty'"));
    const second = await cli(['check', root, '--format', 'json']);
    expect(second.code).toBe(1);
    expect(JSON.parse(second.stdout)).toEqual([
      expect.objectContaining({
        file: 'analytics/r.yaml',
        line: 14,
        message: expect.stringMatching(/^with the values of environment 'prod': /),
      }),
    ]);
    // And back: the cache does not keep the error.
    writeFileSync(path.join(root, 'kqlc.yaml'), config('30'));
    expect((await cli(['check', root, '--format', 'json'])).code).toBe(0);
  });
});
