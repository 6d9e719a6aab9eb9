import { describe, expect, it } from 'vitest';
import { hasIsEquivalent } from '../../src/check/checks/prefer-has.js';
import { huntingYaml, parserYaml } from './lint-helpers.js';
import { findings } from './run-check.js';

describe('prefer-has', () => {
  it('warns on contains whose operand is bounded by non-alphanumerics, with the has spelling', async () => {
    const query = [
      'SigninLogs',
      '| where TimeGenerated > ago(1d)',
      '| where UserPrincipalName contains "@contoso.com "',
      '| where ResultType !contains_cs " -enc "',
    ].join('\n');
    expect(await findings({ 'hunting/h.yaml': huntingYaml(query) }, 'KQLC4019')).toEqual([
      'hunting/h.yaml:7:11 KQLC4019 warning contains "@contoso.com ": the operand starts and ends on a term boundary, so has gives the same rows and uses the term index; write has "@contoso.com "',
      'hunting/h.yaml:8:11 KQLC4019 warning !contains_cs " -enc ": the operand starts and ends on a term boundary, so !has_cs gives the same rows and uses the term index; write !has_cs " -enc "',
    ]);
  });

  it('reports in parsers at the body position', async () => {
    const parser = parserYaml('SigninLogs\n| where UserPrincipalName contains ".contoso."');
    expect(await findings({ 'parsers/p.yaml': parser }, 'KQLC4019')).toEqual([
      expect.stringMatching(/^parsers\/p.yaml:5:11 KQLC4019 warning contains "\.contoso\."/),
    ]);
  });

  it('is silent where has could miss rows: operands that end in a letter or digit', async () => {
    const query =
      'SigninLogs\n| where TimeGenerated > ago(1d)\n| where UserPrincipalName contains "admin" or UserPrincipalName contains "@contoso"';
    expect(await findings({ 'hunting/h.yaml': huntingYaml(query) }, 'KQLC4019')).toEqual([]);
  });

  it('knows when has and contains agree', () => {
    expect(hasIsEquivalent('\\powershell.exe ')).toBe(true);
    expect(hasIsEquivalent('/admin/')).toBe(true);
    expect(hasIsEquivalent('Copilot')).toBe(false); // has misses "CopilotInteraction"
    expect(hasIsEquivalent('.exe')).toBe(false);
    expect(hasIsEquivalent(' a ')).toBe(false); // no term the index could use
  });
});
