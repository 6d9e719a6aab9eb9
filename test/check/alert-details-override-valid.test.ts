import { describe, expect, it } from 'vitest';
import { ruleYaml } from '../helpers/temp-project.js';
import { findings } from './run-check.js';

const QUERY = 'SigninLogs | extend Sev = "High" | project UserPrincipalName, IPAddress, ResultType, Sev';

describe('alert-details-override-valid', () => {
  it('fires on placeholders and columns the query does not output', async () => {
    const rule = ruleYaml(
      QUERY,
      `alertDetailsOverride:
  alertDisplayNameFormat: Sign-in failure for {{UserPrincipalName}} from {{ClientIP}}
  alertDescriptionFormat: '{{{Result}}'
  alertSeverityColumnName: Severity
  alertTacticsColumnName: Sev
  alertDynamicProperties:
    - alertProperty: ProductName
      value: Product
`,
    );
    const out = await findings({ 'analytics/r.yaml': rule }, 'KQLC4006');
    expect(out.map((l) => l.replace(/ \(UserPrincipalName.*\)$/, ''))).toEqual([
      "analytics/r.yaml:20:27 KQLC4006 error {{ClientIP}}: column 'ClientIP' is not in the query output",
      "analytics/r.yaml:21:27 KQLC4006 error {{Result}}: column 'Result' is not in the query output",
      "analytics/r.yaml:22:28 KQLC4006 error alertSeverityColumnName: column 'Severity' is not in the query output",
      "analytics/r.yaml:26:14 KQLC4006 error alert property ProductName: column 'Product' is not in the query output",
    ]);
  });

  it('warns (not errs) on more than 3 placeholders in one format, as Azure-Sentinel CI rejects', async () => {
    const rule = ruleYaml(
      QUERY,
      `alertDetailsOverride:
  alertDescriptionFormat: '{{UserPrincipalName}} {{IPAddress}} {{ResultType}} {{Sev}}'
`,
    );
    expect(await findings({ 'analytics/r.yaml': rule }, 'KQLC4006')).toEqual([
      "analytics/r.yaml:20:27 KQLC4006 warning 4 placeholders in alertDescriptionFormat; Azure-Sentinel's validator allows at most 3",
    ]);
  });

  it('is silent when every placeholder and column is output', async () => {
    const rule = ruleYaml(
      QUERY,
      `alertDetailsOverride:
  alertDisplayNameFormat: Sign-in failure for {{UserPrincipalName}} from {{ IPAddress }}
  alertSeverityColumnName: Sev
`,
    );
    expect(await findings({ 'analytics/r.yaml': rule }, 'KQLC4006')).toEqual([]);
  });
});
