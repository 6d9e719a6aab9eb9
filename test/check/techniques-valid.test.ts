import { describe, expect, it } from 'vitest';
import { ruleYaml } from '../helpers/temp-project.js';
import { findings } from './run-check.js';

const rule = (tactics: string, techniques: string) =>
  ruleYaml('SigninLogs | project UserPrincipalName')
    .replace(/^tactics: .*$/m, `tactics: ${tactics}`)
    .replace(/^relevantTechniques: .*$/m, `relevantTechniques: ${techniques}`);
const run = (text: string) => findings({ 'analytics/r.yaml': text }, 'KQLC4011', 'KQLC4012', 'KQLC4013');

describe('techniques-valid', () => {
  it('fires on malformed and unknown ids', async () => {
    expect(await run(rule('[CredentialAccess]', '[T1110, t1110, T1110.1, T1111.999, T1000]'))).toEqual([
      "analytics/r.yaml:11:29 KQLC4011 error 't1110' is not an ATT&CK technique id (T1234 or T1234.001)",
      "analytics/r.yaml:11:36 KQLC4011 error 'T1110.1' is not an ATT&CK technique id (T1234 or T1234.001)",
      "analytics/r.yaml:11:45 KQLC4011 warning T1111.999 is not in ATT&CK 17.1 (kqlc's pack); if it is newer, check its tactics by hand",
      'analytics/r.yaml:11:56 KQLC4011 error T1000 is not an ATT&CK 17.1 technique',
    ]);
  });

  it("fires when none of a technique's tactics is among the rule's", async () => {
    expect(await run(rule('[Impact]', '[T1110.003]'))).toEqual([
      "analytics/r.yaml:11:22 KQLC4012 error T1110.003 (Password Spraying) belongs to CredentialAccess, none of which is in the rule's tactics (Impact)",
    ]);
  });

  it('warns on deprecated and revoked techniques with their replacement', async () => {
    expect(await run(rule('[Persistence, Execution]', '[T1574.002, T1086]'))).toEqual([
      'analytics/r.yaml:11:22 KQLC4013 warning T1574.002 (DLL Side-Loading) is deprecated in ATT&CK: use T1574.001',
      'analytics/r.yaml:11:33 KQLC4013 warning T1086 was revoked in ATT&CK: use T1059.001',
    ]);
  });

  it('is silent on current techniques that match a tactic, sub-techniques and ICS ids included', async () => {
    expect(
      await run(rule('[InitialAccess, CredentialAccess, ImpairProcessControl]', '[T1078.004, T1110, T0831]')),
    ).toEqual([]);
  });
});
