import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/check-project.js';
import { builtinTable } from '../../src/kql/schema-pack.js';
import { loadProject } from '../../src/load/project.js';
import { ruleYaml, tempProject } from '../helpers/temp-project.js';

const codes = async (files: Record<string, string>) =>
  checkProject(await loadProject(tempProject(files))).diagnostics.map((d) => `${d.code} ${d.message}`);

describe('built-in schema pack', () => {
  it("knows Sentinel's own tables with their column types", () => {
    const signins = builtinTable('SigninLogs')!;
    expect(signins.columns).toContainEqual({ name: 'UserPrincipalName', type: 'string' });
    expect(signins.columns).toContainEqual({ name: 'TimeGenerated', type: 'datetime' });
    expect(signins.columns).toContainEqual({ name: 'LocationDetails', type: 'dynamic' });
    expect(builtinTable('NoSuchTable')).toBeUndefined();
    expect(builtinTable('constructor')).toBeUndefined();
  });

  it('checks a rule over a built-in table without any declaration', async () => {
    expect(
      await codes({
        'analytics/r.yaml': ruleYaml('SigninLogs | where ResultType == "50126" | project UserPrincipalName'),
      }),
    ).toEqual([]);
    expect(
      await codes({ 'analytics/r.yaml': ruleYaml('SigninLogs | project UserPrincipalName, Bogus') }),
    ).toEqual(["KS142 The name 'Bogus' does not refer to any known column, table, variable or function."]);
  });

  it('lets a table declared in the project override the built-in one', async () => {
    const table =
      'name: SigninLogs\ncolumns:\n  - { name: UserPrincipalName, type: string }\n  - { name: Extra, type: string }\n';
    expect(
      await codes({
        'content/tables/SigninLogs.yaml': table,
        'analytics/r.yaml': ruleYaml('SigninLogs | project UserPrincipalName, Extra'),
      }),
    ).toEqual([]);
  });
});
