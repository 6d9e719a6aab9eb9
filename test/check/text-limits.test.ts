import { describe, expect, it } from 'vitest';
import { ruleYaml } from '../helpers/temp-project.js';
import { findings } from './run-check.js';

describe('text-limits', () => {
  it('fires on a name over 256, a description over 5000 and a query over 10,000 characters', async () => {
    const query = `SigninLogs\n${'| where UserPrincipalName != "someone@contoso.com"\n'.repeat(200)}| project UserPrincipalName`;
    const rule = ruleYaml(query)
      .replace(/^name: .*$/m, `name: ${'n'.repeat(257)}`)
      .replace(/^description: .*$/m, `description: ${'d'.repeat(5001)}`);
    expect(await findings({ 'analytics/r.yaml': rule }, 'KQLC4016')).toEqual([
      'analytics/r.yaml:2:7 KQLC4016 error name is 257 characters; Sentinel accepts at most 256',
      'analytics/r.yaml:3:14 KQLC4016 error description is 5,001 characters; Sentinel accepts at most 5,000',
      'analytics/r.yaml:12:8 KQLC4016 error query is 10,239 characters; Sentinel accepts at most 10,000',
    ]);
  });

  it('is silent at the limits', async () => {
    const rule = ruleYaml('SigninLogs | project UserPrincipalName')
      .replace(/^name: .*$/m, `name: ${'n'.repeat(256)}`)
      .replace(/^description: .*$/m, `description: ${'d'.repeat(5000)}`);
    expect(await findings({ 'analytics/r.yaml': rule }, 'KQLC4016')).toEqual([]);
  });
});
