import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/check-project.js';
import { loadProject } from '../../src/load/project.js';
import { ruleYaml, SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

describe('KQL diagnostics are mapped to the YAML file', () => {
  it('reports an unknown column at its line and column inside the query block', async () => {
    const query =
      'SigninLogs\n| where ResultType == "50126"\n| where NoSuchColumn == 1\n| project UserPrincipalName';
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'analytics/r.yaml': ruleYaml(query),
    });
    const { diagnostics } = checkProject(await loadProject(root));
    expect(diagnostics).toEqual([
      expect.objectContaining({
        file: 'analytics/r.yaml',
        code: 'KS142',
        severity: 'error',
        start: { line: 15, column: 11 },
        end: { line: 15, column: 23 },
        contentId: '9f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f',
      }),
    ]);
    expect(diagnostics[0].message).toContain("'NoSuchColumn'");
  });

  it('is silent on a valid rule', async () => {
    const query = 'SigninLogs\n| where ResultType == "50126"\n| project UserPrincipalName, IPAddress';
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'analytics/r.yaml': ruleYaml(query),
    });
    expect(checkProject(await loadProject(root)).diagnostics).toEqual([]);
  });

  it('maps positions in a folded block and with an explicit indentation indicator', async () => {
    const rule = ruleYaml('X').replace('query: |\n  X', 'query: >-\n    SigninLogs\n    | where Bad == 1');
    const root = tempProject({ 'content/tables/SigninLogs.yaml': SIGNIN_TABLE, 'analytics/r.yaml': rule });
    const [d] = checkProject(await loadProject(root)).diagnostics;
    expect(d).toMatchObject({
      code: 'KS142',
      start: { line: 14, column: 13 },
      end: { line: 14, column: 16 },
    });
  });

  it('checks a query that calls a parser against the parser output columns', async () => {
    const parser = `id: 0d4c7e2a-1b3c-4d5e-8f90-a1b2c3d4e5f6
name: FailedSignins
parameters:
  - { name: code, type: string, default: '50126' }
query: |
  SigninLogs
  | where ResultType == code
  | project TimeGenerated, Upn = UserPrincipalName
`;
    const good = ruleYaml('FailedSignins\n| project UserPrincipalName = Upn');
    const bad = ruleYaml('FailedSignins("50053")\n| project UserPrincipalName = IPAddress').replace(
      '9f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f',
      '1f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f',
    );
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'parsers/failed_signins.yaml': parser,
      'analytics/good.yaml': good,
      'analytics/bad.yaml': bad,
    });
    const { diagnostics } = checkProject(await loadProject(root));
    expect(diagnostics.map((d) => [d.file, d.code, d.start?.line, d.start?.column])).toEqual([
      ['analytics/bad.yaml', 'KS142', 14, 33],
    ]);
  });

  it('reports errors in a parser body at the parser file position', async () => {
    const parser = `id: 0d4c7e2a-1b3c-4d5e-8f90-a1b2c3d4e5f6
name: FailedSignins
parameters:
  - { name: code, type: string, default: '50126' }
query: |
  SigninLogs
  | where ResultTyp == code
`;
    const root = tempProject({ 'content/tables/SigninLogs.yaml': SIGNIN_TABLE, 'parsers/p.yaml': parser });
    const { diagnostics } = checkProject(await loadProject(root));
    expect(diagnostics).toEqual([
      expect.objectContaining({ file: 'parsers/p.yaml', code: 'KS142', start: { line: 7, column: 11 } }),
    ]);
  });
});
