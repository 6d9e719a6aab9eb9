import { describe, expect, it } from 'vitest';
import { ruleYaml } from '../helpers/temp-project.js';
import { findings } from './run-check.js';

const QUERY = 'SigninLogs | project UserPrincipalName, IPAddress, ResultType';

describe('custom-details-valid', () => {
  it('fires on a bad key, a too long key and a column the query does not output', async () => {
    const rule = ruleYaml(
      QUERY,
      `customDetails:
  1stAddress: IPAddress
  ResultTypeOfTheSignInAttempt: ResultType
  Location: LocationDetails
`,
    );
    expect(await findings({ 'analytics/r.yaml': rule }, 'KQLC4005')).toEqual([
      "analytics/r.yaml:20:3 KQLC4005 error custom detail key '1stAddress' must start with a letter, hold only letters, digits and '_', and be at most 20 characters",
      "analytics/r.yaml:21:3 KQLC4005 error custom detail key 'ResultTypeOfTheSignInAttempt' must start with a letter, hold only letters, digits and '_', and be at most 20 characters",
      "analytics/r.yaml:22:13 KQLC4005 error custom detail Location: column 'LocationDetails' is not in the query output",
    ]);
  });

  it('fires on more than 20 custom details', async () => {
    const entries = Array.from({ length: 21 }, (_, i) => `  Detail${i}: IPAddress`).join('\n');
    const rule = ruleYaml(QUERY, `customDetails:\n${entries}\n`);
    expect(await findings({ 'analytics/r.yaml': rule }, 'KQLC4005')).toEqual([
      'analytics/r.yaml:19:1 KQLC4005 error 21 custom details; Sentinel accepts at most 20',
    ]);
  });

  it('is silent on valid custom details', async () => {
    const rule = ruleYaml(QUERY, 'customDetails:\n  SourceIp: IPAddress\n  Result_Type: ResultType\n');
    expect(await findings({ 'analytics/r.yaml': rule }, 'KQLC4005')).toEqual([]);
  });
});
