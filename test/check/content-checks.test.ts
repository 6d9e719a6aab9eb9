import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/check-project.js';
import { loadProject } from '../../src/load/project.js';
import { ruleYaml, SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

const base = { 'content/tables/SigninLogs.yaml': SIGNIN_TABLE };
const run = async (files: Record<string, string>) =>
  checkProject(await loadProject(tempProject({ ...base, ...files }))).diagnostics.map(
    (d) => `${d.file}:${d.start?.line}:${d.start?.column} ${d.code} ${d.message}`,
  );

describe('entity-columns-exist', () => {
  it('fires on a mapping to a column the query does not output', async () => {
    const rule = ruleYaml('SigninLogs | project Upn = UserPrincipalName');
    expect(await run({ 'analytics/r.yaml': rule })).toEqual([
      "analytics/r.yaml:18:21 KQLC4001 entity Account.FullName: column 'UserPrincipalName' is not in the query output (Upn)",
    ]);
  });
  it('is silent when the column is output', async () => {
    expect(await run({ 'analytics/r.yaml': ruleYaml('SigninLogs | project UserPrincipalName') })).toEqual([]);
  });
});

describe('id-is-guid and id-unique', () => {
  it('fires on an id that is not a GUID', async () => {
    const rule = ruleYaml('SigninLogs | project UserPrincipalName').replace(/^id: .*$/m, 'id: my-rule');
    expect(await run({ 'analytics/r.yaml': rule })).toEqual([
      "analytics/r.yaml:1:5 KQLC4003 id 'my-rule' is not a GUID",
    ]);
  });
  it('fires on the second item with an id already used (case-insensitive)', async () => {
    const a = ruleYaml('SigninLogs | project UserPrincipalName');
    const b = a.replace('9f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f', '9F1E4B0E-6C1D-4C1E-9F0A-1D2B3C4D5E6F');
    expect(await run({ 'analytics/a.yaml': a, 'analytics/b.yaml': b })).toEqual([
      "analytics/b.yaml:1:5 KQLC4002 id '9F1E4B0E-6C1D-4C1E-9F0A-1D2B3C4D5E6F' is already used by analytics/a.yaml",
    ]);
  });
});

describe('query-returns-table', () => {
  it('fires on a scalar query', async () => {
    const rule = ruleYaml('let x = 1;\nx').replace(/entityMappings:[\s\S]*$/, '');
    const [d] = await run({ 'analytics/r.yaml': rule });
    expect(d).toMatch(/^analytics\/r.yaml:12:8 KQLC3002 /);
  });
});

describe('parsers', () => {
  it('reports a parser named like a declared table, and one declared twice', async () => {
    const parser = (id: string, name: string) => `id: ${id}\nname: ${name}\nquery: |\n  SigninLogs\n`;
    expect(
      await run({
        'parsers/a.yaml': parser('0d4c7e2a-1b3c-4d5e-8f90-a1b2c3d4e5f6', 'Signins'),
        'parsers/b.yaml': parser('1d4c7e2a-1b3c-4d5e-8f90-a1b2c3d4e5f6', 'Signins'),
        'parsers/c.yaml': parser('2d4c7e2a-1b3c-4d5e-8f90-a1b2c3d4e5f6', 'SigninLogs'),
      }),
    ).toEqual([
      "parsers/b.yaml:2:7 KQLC3001 function 'Signins' is already declared in parsers/a.yaml",
      "parsers/c.yaml:2:7 KQLC3001 function 'SigninLogs' has the name of a declared table",
    ]);
  });
});
