import { describe, expect, it } from 'vitest';
import { ruleYaml } from '../helpers/temp-project.js';
import { findings } from './run-check.js';

const rule = (fields: Record<string, string | null>) => {
  let text = ruleYaml('SigninLogs | project UserPrincipalName');
  for (const [field, value] of Object.entries(fields)) {
    text = text.replace(new RegExp(`^${field}: .*\\n`, 'm'), value === null ? '' : `${field}: ${value}\n`);
  }
  return text;
};
const run = (text: string) => findings({ 'analytics/r.yaml': text }, 'KQLC4008', 'KQLC4009');

describe('schedule-valid', () => {
  it('fires on a malformed duration and one outside 5 minutes to 14 days', async () => {
    expect(await run(rule({ queryFrequency: '1 hour', queryPeriod: '15d' }))).toEqual([
      "analytics/r.yaml:6:17 KQLC4008 error queryFrequency '1 hour' is not a duration like 5m, 1h, 14d or PT1H",
      'analytics/r.yaml:7:14 KQLC4008 error queryPeriod 15d is outside 5 minutes to 14 days',
    ]);
  });

  it('fires when the period is shorter than the frequency', async () => {
    expect(await run(rule({ queryFrequency: 'PT2H', queryPeriod: '1h' }))).toEqual([
      'analytics/r.yaml:7:14 KQLC4008 error queryPeriod 1h is shorter than queryFrequency PT2H: runs would skip data',
    ]);
  });

  it('fires on a frequency under 1 hour with a period of 2 days or more', async () => {
    expect(await run(rule({ queryFrequency: '30m', queryPeriod: 'P2D' }))).toEqual([
      'analytics/r.yaml:6:17 KQLC4008 error with a queryPeriod of 2 days or more (P2D), queryFrequency must be at least 1h, not 30m',
    ]);
  });

  it('fires on missing fields and a threshold above 10000', async () => {
    expect(
      await run(rule({ queryFrequency: null, triggerOperator: null, triggerThreshold: '10001' })),
    ).toEqual([
      'analytics/r.yaml:4:7 KQLC4008 error a Scheduled rule needs queryFrequency (e.g. 1h)',
      'analytics/r.yaml:4:7 KQLC4008 error a Scheduled rule needs triggerOperator (gt, lt, eq or ne)',
      'analytics/r.yaml:7:19 KQLC4008 error triggerThreshold 10001 is outside 0 to 10000',
    ]);
  });

  it('warns on scheduling fields in an NRT rule', async () => {
    expect(await run(rule({ kind: 'NRT', queryPeriod: null, triggerOperator: null }))).toEqual([
      'analytics/r.yaml:6:1 KQLC4009 warning an NRT rule runs every minute on new data: Sentinel ignores queryFrequency; remove it',
      'analytics/r.yaml:7:1 KQLC4009 warning an NRT rule runs every minute on new data: Sentinel ignores triggerThreshold; remove it',
    ]);
  });

  it('is silent on valid schedules in both forms, and on an NRT rule without them', async () => {
    expect(await run(rule({ queryFrequency: '5m', queryPeriod: '1d' }))).toEqual([]);
    expect(
      await run(rule({ queryFrequency: 'PT1H', queryPeriod: 'P14D', triggerThreshold: '10000' })),
    ).toEqual([]);
    const nrt = rule({
      kind: 'NRT',
      queryFrequency: null,
      queryPeriod: null,
      triggerOperator: null,
      triggerThreshold: null,
    });
    expect(await run(nrt)).toEqual([]);
  });
});
