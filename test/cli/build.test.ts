import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { ruleYaml, SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

describe('kqlc build --out', () => {
  it('writes a deployment template per item and one for the project', async () => {
    const root = tempProject({
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'analytics/signins/r.yaml': ruleYaml('SigninLogs | project UserPrincipalName'),
    });
    const r = await cli(['build', root, '--out', path.join(root, 'arm')]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^wrote 2 templates to /);
    const item = JSON.parse(readFileSync(path.join(root, 'arm/analytics/signins/r.json'), 'utf8'));
    expect(item.$schema).toMatch(/deploymentTemplate\.json#$/);
    expect(item.parameters.workspace).toBeDefined();
    const rule = item.resources.find((x: { type: string }) => x.type.endsWith('/alertRules'));
    expect(rule.kind).toBe('Scheduled');
    expect(rule.properties.queryFrequency).toBe('PT1H');
    expect(existsSync(path.join(root, 'arm/project.json'))).toBe(true);
  });

  it('writes nothing when the content does not load', async () => {
    const root = tempProject({ 'analytics/r.yaml': 'id: [' });
    const r = await cli(['build', root, '--out', path.join(root, 'arm')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('analytics/r.yaml:1');
    expect(existsSync(path.join(root, 'arm'))).toBe(false);
  });
});
