import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/check-project.js';
import { loadProject } from '../../src/load/project.js';
import { ruleYaml, SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

const base = { 'content/tables/SigninLogs.yaml': SIGNIN_TABLE };
const summary = (
  ds: { file: string; code: string; start?: { line: number; column: number }; message: string }[],
) => ds.map((d) => `${d.file}:${d.start?.line}:${d.start?.column} ${d.code} ${d.message}`);

describe('bad content becomes diagnostics, never an exception', () => {
  it('reports malformed YAML at its position and goes on with the other files', async () => {
    const root = tempProject({
      ...base,
      'analytics/broken.yaml': 'id: x\nname: [unclosed\nquery: |\n  SigninLogs\n',
      'analytics/good.yaml': ruleYaml('SigninLogs | project UserPrincipalName'),
    });
    const project = await loadProject(root);
    expect(project.items.map((i) => i.source.file.path)).toEqual(['analytics/good.yaml']);
    expect(project.diagnostics).toHaveLength(1);
    expect(project.diagnostics[0]).toMatchObject({
      file: 'analytics/broken.yaml',
      code: 'KQLC1002',
      severity: 'error',
    });
    expect(project.diagnostics[0].start?.line).toBeGreaterThanOrEqual(2);
  });

  it('reports duplicate keys', async () => {
    const rule = ruleYaml('SigninLogs | project UserPrincipalName').replace(
      'severity: Medium',
      'severity: Medium\nseverity: High',
    );
    const project = await loadProject(tempProject({ ...base, 'analytics/dup.yaml': rule }));
    expect(summary(project.diagnostics)).toEqual([
      expect.stringMatching(/^analytics\/dup.yaml:6:1 KQLC1002 .*unique/),
    ]);
  });

  it('reports a missing field at the mapping, and a wrong type or value at the field', async () => {
    const rule = ruleYaml('SigninLogs | project UserPrincipalName')
      .replace('name: Failed sign-ins\n', '')
      .replace('severity: Medium', 'severity: Urgent')
      .replace('triggerThreshold: 0', 'triggerThreshold: lots');
    const project = await loadProject(tempProject({ ...base, 'analytics/r.yaml': rule }));
    expect(summary(project.diagnostics)).toEqual([
      "analytics/r.yaml:1:1 KQLC2001 document: must have required property 'name'",
      'analytics/r.yaml:4:11 KQLC2001 severity: must be one of Informational, Low, Medium, High',
      'analytics/r.yaml:8:19 KQLC2001 triggerThreshold: must be integer',
    ]);
    expect(project.diagnostics[0].contentId).toBe('9f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f');
  });

  it('reports files that are not UTF-8 text', async () => {
    const root = tempProject({
      ...base,
      'analytics/binary.yaml': Buffer.from([0x69, 0x64, 0x00, 0x01]),
      'analytics/latin1.yaml': Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xe9]),
    });
    const project = await loadProject(root);
    expect(summary(project.diagnostics)).toEqual([
      'analytics/binary.yaml:1:1 KQLC1003 file contains NUL bytes: it is not text',
      'analytics/latin1.yaml:1:1 KQLC1003 file is not valid UTF-8',
    ]);
  });

  it('stops YAML alias bombs', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    const project = await loadProject(tempProject({ ...base, 'analytics/bomb.yaml': bomb.join('\n') }));
    expect(project.diagnostics.map((d) => d.code)).toEqual(['KQLC1002']);
  });

  it('handles file names with spaces and non-ASCII characters', async () => {
    const root = tempProject({
      ...base,
      'analytics/règle à tester.yaml': ruleYaml('SigninLogs | project Nope'),
    });
    const { diagnostics } = checkProject(await loadProject(root));
    expect(diagnostics.map((d) => [d.file, d.code])).toEqual([
      ['analytics/règle à tester.yaml', 'KS142'],
      ['analytics/règle à tester.yaml', 'KQLC4001'],
    ]);
  });

  it('reports an invalid kqlc.yaml', async () => {
    const project = await loadProject(tempProject({ ...base, 'kqlc.yaml': 'paths:\n  analytic: rules\n' }));
    expect(summary(project.diagnostics)).toEqual(['kqlc.yaml:2:3 KQLC2001 analytic: is not a known field']);
  });

  it('reports invalid environment choices in kqlc.yaml at their file, line and column', async () => {
    const config = [
      'values:',
      '  Org-Domains: x', // not a KQL identifier
      'environments:',
      '  prod:',
      '    subscriptionId: s',
      '    resourceGroup: rg',
      '    workspace: ws',
      '    include:',
      '      - kind: rule', // not a kind
      '    exclude:',
      '      - {}', // matches nothing said
      '    rules:',
      '      overrides:',
      '        abc: { severity: Critical }',
      '',
    ].join('\n');
    const project = await loadProject(tempProject({ ...base, 'kqlc.yaml': config }));
    const found = summary(project.diagnostics);
    expect(found.map((d) => d.split(' ')[0])).toEqual([
      'kqlc.yaml:2:3',
      'kqlc.yaml:9:15',
      'kqlc.yaml:11:9',
      'kqlc.yaml:14:26',
    ]);
    expect(found.every((d) => d.includes(' KQLC2001 '))).toBe(true);
  });

  it('accepts every environment choice kqlc.yaml documents', async () => {
    const config = [
      'values: { OrgDomains: \'"contoso.com"\', Max: 10, Strict: true }',
      'environments:',
      '  prod:',
      '    subscriptionId: s',
      '    resourceGroup: rg',
      '    workspace: ws',
      '    include: [{ path: analytics/identity }, { kind: [hunting, parser], tag: Preview }]',
      "    exclude: [{ path: ['**/experimental/**', 'hunting/old/*.yaml'] }]",
      '    rules:',
      '      enabled: false',
      '      overrides:',
      '        9f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f: { enabled: true, severity: High }',
      '    values: { OrgDomains: \'"contoso.com","fabrikam.com"\' }',
      '',
    ].join('\n');
    const project = await loadProject(tempProject({ ...base, 'kqlc.yaml': config }));
    expect(project.diagnostics).toEqual([]);
    expect(project.config.values).toEqual({ OrgDomains: '"contoso.com"', Max: '10', Strict: 'true' });
  });

  it('uses the folders named in kqlc.yaml', async () => {
    const root = tempProject({
      'schemas/SigninLogs.yaml': SIGNIN_TABLE,
      'rules/r.yaml': ruleYaml('SigninLogs | project UserPrincipalName'),
      'kqlc.yaml': 'paths:\n  tables: schemas\n  analytics: [rules]\n',
    });
    const project = await loadProject(root);
    expect(project.diagnostics).toEqual([]);
    expect(project.items.map((i) => i.source.file.path)).toEqual(['rules/r.yaml']);
    expect(project.tables.map((t) => t.name)).toEqual(['SigninLogs']);
  });

  it('reports a table column with an unknown type, and accepts .NET type names', async () => {
    const table =
      'name: T\ncolumns:\n  - { name: A, type: System.String }\n  - { name: B, type: Int64 }\n  - { name: C, type: varchar }\n';
    const project = await loadProject(tempProject({ 'content/tables/T.yaml': table }));
    expect(summary(project.diagnostics)).toEqual([
      "content/tables/T.yaml:5:22 KQLC2001 column 'C': 'varchar' is not a KQL type",
    ]);
  });
});
