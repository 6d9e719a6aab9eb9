import { describe, expect, it } from 'vitest';
import { huntingYaml } from './lint-helpers.js';
import { findings } from './run-check.js';

const run = (query: string) => findings({ 'hunting/h.yaml': huntingYaml(query) }, 'KQLC4021');

describe('join-kind-explicit', () => {
  it('warns on join without kind=, at the join keyword', async () => {
    expect(
      await run(
        'SigninLogs\n| where TimeGenerated > ago(1d)\n| join (SigninLogs | where ResultType == "0") on UserPrincipalName',
      ),
    ).toEqual([
      'hunting/h.yaml:7:5 KQLC4021 warning join without kind= is kind=innerunique (one arbitrary left row per key): write kind=innerunique if that is meant, else kind=inner, leftouter, leftanti …',
    ]);
  });

  it('is silent when the kind is given', async () => {
    expect(
      await run(
        'SigninLogs\n| where TimeGenerated > ago(1d)\n| join kind=innerunique (SigninLogs) on UserPrincipalName',
      ),
    ).toEqual([]);
  });
});
