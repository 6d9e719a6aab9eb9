import { describe, expect, it } from 'vitest';
import { ruleYaml } from '../helpers/temp-project.js';
import { findings } from './run-check.js';

const run = (query: string, period = '1h') =>
  findings(
    { 'analytics/r.yaml': ruleYaml(query).replace(/^queryPeriod: .*$/m, `queryPeriod: ${period}`) },
    'KQLC4017',
  );

describe('time-filter-within-period', () => {
  it('warns on `> ago(x)`, `>= ago(x)` through a let, `between (ago(x) ..)`, `now(-x)` and `now() - x` wider than queryPeriod', async () => {
    const query = [
      'let lookback = 2d;',
      'SigninLogs',
      '| where TimeGenerated > ago(7d)',
      '| where TimeGenerated >= ago(lookback)',
      '| where TimeGenerated between (ago(15d) .. now())',
      '| where TimeGenerated > now(-3d) and TimeGenerated > now() - 36h',
      '| project UserPrincipalName',
    ].join('\n');
    expect(await run(query, 'P1D')).toEqual([
      "analytics/r.yaml:15:11 KQLC4017 warning 'TimeGenerated > ago(7d)' reaches back 7d, but the rule only sees the last 1d (queryPeriod P1D): use ago(1d), or raise queryPeriod to 7d",
      "analytics/r.yaml:16:11 KQLC4017 warning 'TimeGenerated >= ago(lookback)' reaches back 2d, but the rule only sees the last 1d (queryPeriod P1D): use ago(1d), or raise queryPeriod to 2d",
      "analytics/r.yaml:17:11 KQLC4017 warning 'TimeGenerated between (ago(15d) .. now())' reaches back 15d, but the rule only sees the last 1d (queryPeriod P1D): use ago(1d) (queryPeriod cannot exceed 14d)",
      "analytics/r.yaml:18:11 KQLC4017 warning 'TimeGenerated > now(-3d)' reaches back 3d, but the rule only sees the last 1d (queryPeriod P1D): use ago(1d), or raise queryPeriod to 3d",
      "analytics/r.yaml:18:40 KQLC4017 warning 'TimeGenerated > now() - 36h' reaches back 1d12h, but the rule only sees the last 1d (queryPeriod P1D): use ago(1d), or raise queryPeriod to 1d12h",
    ]);
  });

  it('is silent on filters within the period, on other columns, and in NRT rules', async () => {
    const query =
      'SigninLogs\n| where TimeGenerated > ago(1h)\n| where ago(30m) < TimeGenerated\n| project UserPrincipalName';
    expect(await run(query)).toEqual([]);
    expect(await run('SigninLogs | where TimeGenerated > ago(7d) | project UserPrincipalName', '7d')).toEqual(
      [],
    );
  });
});
