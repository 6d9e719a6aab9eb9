import { describe, expect, it } from 'vitest';
import { ruleYaml } from '../helpers/temp-project.js';
import { findings } from './run-check.js';

const AUDIT = `name: AuditLogs
columns:
  - { name: TimeGenerated, type: datetime }
  - { name: UserPrincipalName, type: string }
`;
const rule = (query: string, connectors: string) =>
  ruleYaml(query).replace(/^query: \|/m, `requiredDataConnectors:\n${connectors}query: |`);
const run = (text: string) =>
  findings({ 'analytics/r.yaml': text, 'content/tables/AuditLogs.yaml': AUDIT }, 'KQLC4014', 'KQLC4015');

describe('data-connectors-match', () => {
  it('fires on a declared data type the query does not read, and warns on a table read but not declared', async () => {
    const text = rule(
      'AuditLogs | project UserPrincipalName',
      `  - connectorId: AzureActiveDirectory
    dataTypes:
      - SigninLogs
`,
    );
    expect(await run(text)).toEqual([
      'analytics/r.yaml:12:1 KQLC4015 warning the query reads AuditLogs, which no requiredDataConnectors entry lists: add the connector and data type',
      "analytics/r.yaml:15:9 KQLC4014 error data type 'SigninLogs' (table SigninLogs) is not read by the query, which reads AuditLogs",
    ]);
  });

  it('follows parsers and let-functions, and strips the qualifier of `OfficeActivity (Teams)`-style data types', async () => {
    const parser = `id: 0d4c7e2a-1b3c-4d5e-8f90-a1b2c3d4e5f6
name: Signins
query: |
  SigninLogs | project UserPrincipalName
`;
    const text = rule(
      'let f = (t:string) { table(t) | project UserPrincipalName };\nunion Signins, f("AuditLogs")',
      `  - connectorId: AzureActiveDirectory
    dataTypes:
      - SigninLogs (interactive)
      - AuditLogs
`,
    );
    expect(
      await findings(
        { 'analytics/r.yaml': text, 'content/tables/AuditLogs.yaml': AUDIT, 'parsers/p.yaml': parser },
        'KQLC4014',
        'KQLC4015',
      ),
    ).toEqual([]);
  });

  it('is silent on `requiredDataConnectors: []` (data no connector fills) and when the tables cannot all be named', async () => {
    const none = ruleYaml('AuditLogs | project UserPrincipalName').replace(
      /^query: \|/m,
      'requiredDataConnectors: []\nquery: |',
    );
    expect(await run(none)).toEqual([]);
    const text = rule(
      'union * | project UserPrincipalName',
      `  - connectorId: AzureActiveDirectory
    dataTypes:
      - SigninLogs
`,
    );
    expect(await run(text)).toEqual([]);
  });
});
