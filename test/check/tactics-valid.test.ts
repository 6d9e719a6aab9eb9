import { describe, expect, it } from 'vitest';
import { ruleYaml } from '../helpers/temp-project.js';
import { findings } from './run-check.js';

const withTactics = (tactics: string) =>
  ruleYaml('SigninLogs | project UserPrincipalName').replace(/^tactics: .*$/m, `tactics: ${tactics}`);

describe('tactics-valid', () => {
  it('fires on a tactic Sentinel does not accept, names the right spelling, and warns on PreAttack', async () => {
    const rule = withTactics('[Credential Access, LateralMovment, PreAttack]');
    const out = await findings({ 'analytics/r.yaml': rule }, 'KQLC4010');
    expect(out).toEqual([
      "analytics/r.yaml:10:11 KQLC4010 error tactic 'Credential Access' is written 'CredentialAccess' in Sentinel",
      expect.stringMatching(
        /^analytics\/r.yaml:10:30 KQLC4010 error 'LateralMovment' is not a tactic Sentinel accepts \(ATT&CK 17.1: Reconnaissance, /,
      ),
      'analytics/r.yaml:10:46 KQLC4010 warning PreAttack is a legacy tactic: use Reconnaissance or ResourceDevelopment',
    ]);
  });

  it("is silent on Sentinel's names, ICS ones included", async () => {
    const rule = withTactics('[CredentialAccess, CommandAndControl, ImpairProcessControl]');
    expect(await findings({ 'analytics/r.yaml': rule }, 'KQLC4010')).toEqual([]);
  });
});
