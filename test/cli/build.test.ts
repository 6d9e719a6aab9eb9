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

  it("--env applies the environment's selection, rule overrides and named values", async () => {
    const config = [
      'values: { Who: "\'nobody\'" }',
      'environments:',
      '  prod:',
      '    subscriptionId: s',
      '    resourceGroup: rg',
      '    workspace: ws',
      '    exclude: [{ path: analytics/old }]',
      '    rules: { enabled: false }',
      '    values: { Who: "\'admin@contoso.com\'" }',
      '',
    ].join('\n');
    const root = tempProject({
      'kqlc.yaml': config,
      'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
      'analytics/new/r.yaml': ruleYaml('SigninLogs | where UserPrincipalName == {{Who}}'),
      'analytics/old/r.yaml': ruleYaml('SigninLogs').replace(
        /^id: .*/m,
        'id: 0f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f',
      ),
    });
    const r = await cli(['build', root, '--out', path.join(root, 'arm'), '--env', 'prod']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^wrote 2 templates to /);
    expect(existsSync(path.join(root, 'arm/analytics/old/r.json'))).toBe(false);
    const item = JSON.parse(readFileSync(path.join(root, 'arm/analytics/new/r.json'), 'utf8'));
    const rule = item.resources.find((x: { type: string }) => x.type.endsWith('/alertRules'));
    expect(rule.properties).toMatchObject({
      enabled: false,
      query: "SigninLogs | where UserPrincipalName == 'admin@contoso.com'\n",
    });

    const unknown = await cli(['build', root, '--out', path.join(root, 'arm2'), '--env', 'staging']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown environment 'staging'; kqlc.yaml defines prod");
    expect(existsSync(path.join(root, 'arm2'))).toBe(false);
  });
});
