import { describe, expect, it } from 'vitest';
import { huntingYaml, parserYaml } from './lint-helpers.js';
import { findings } from './run-check.js';

describe('hunting-time-filter', () => {
  it('warns on a hunting query with no time filter', async () => {
    expect(
      await findings(
        { 'hunting/h.yaml': huntingYaml('SigninLogs\n| where ResultType == "50126"') },
        'KQLC4020',
      ),
    ).toEqual([
      'hunting/h.yaml:4:8 KQLC4020 warning no time filter: add one near the top, e.g. `| where TimeGenerated > ago(7d)`',
    ]);
  });

  it('accepts a filter in the query, in a parser it calls, or the portal placeholders', async () => {
    const run = (files: Record<string, string>) => findings(files, 'KQLC4020');
    expect(
      await run({
        'hunting/h.yaml': huntingYaml('SigninLogs\n| where TimeGenerated between (ago(1d) .. now())'),
      }),
    ).toEqual([]);
    expect(
      await run({
        'hunting/h.yaml': huntingYaml('Signins\n| where ResultType == "50126"'),
        'parsers/p.yaml': parserYaml('SigninLogs\n| where TimeGenerated > ago(14d)'),
      }),
    ).toEqual([]);
    expect(
      await run({
        'hunting/h.yaml': huntingYaml('SigninLogs\n| where TimeGenerated >= todatetime("{{StartTimeISO}}")'),
      }),
    ).toEqual([]);
  });
});
