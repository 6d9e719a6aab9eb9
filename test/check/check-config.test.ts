import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/check-project.js';
import { loadProject } from '../../src/load/project.js';
import { ruleYaml, SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

const ID = '9f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f';
// Two findings: an unknown tactic (KQLC4010, error) and a join without kind (KQLC4021, warning).
const RULE = ruleYaml(
  'SigninLogs | join (SigninLogs) on UserPrincipalName | project UserPrincipalName',
).replace('tactics: [CredentialAccess]', 'tactics: [CredentialAccess, Lateral]');

const run = async (config?: string) => {
  const files: Record<string, string> = {
    'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
    'analytics/r.yaml': RULE,
  };
  if (config !== undefined) files['kqlc.yaml'] = config;
  return checkProject(await loadProject(tempProject(files))).diagnostics.map(
    (d) => `${d.code} ${d.severity}`,
  );
};

describe('kqlc.yaml checks: severity per code, and codes switched off per content id', () => {
  it('reports at catalogue severities without config', async () => {
    expect(await run()).toEqual(['KQLC4010 error', 'KQLC4021 warning']);
  });

  it('changes a severity, and drops a code set to off', async () => {
    expect(await run('checks:\n  severity:\n    KQLC4021: error\n')).toEqual([
      'KQLC4010 error',
      'KQLC4021 error',
    ]);
    expect(await run("checks:\n  severity:\n    KQLC4010: warning\n    KQLC4021: 'off'\n")).toEqual([
      'KQLC4010 warning',
    ]);
  });

  it('switches a code off for one content id only (case-insensitive)', async () => {
    const off = (id: string) =>
      `checks:\n  disable:\n    - code: KQLC4010\n      id: ${id}\n      reason: legacy name kept\n`;
    expect(await run(off(ID.toUpperCase()))).toEqual(['KQLC4021 warning']);
    expect(await run(off('00000000-0000-0000-0000-000000000000'))).toEqual([
      'KQLC4010 error',
      'KQLC4021 warning',
    ]);
  });

  it('rejects a malformed code or severity in kqlc.yaml', async () => {
    const out = await run('checks:\n  severity:\n    KQLC401: error\n    KQLC4021: fatal\n');
    expect(out.filter((d) => d.startsWith('KQLC1004') || d.startsWith('KQLC2001')).length).toBeGreaterThan(0);
  });
});
