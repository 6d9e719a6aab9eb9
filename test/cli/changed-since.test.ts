import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { ruleYaml, SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

const parser = (columns: string) => `id: 0d4c7e2a-1b3c-4d5e-8f90-a1b2c3d4e5f6
name: FailedSignins
query: |
  SigninLogs
  | where ResultType != "0"
  | project ${columns}
`;
const withId = (yaml: string, id: string) => yaml.replace('9f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f', id);
const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    encoding: 'utf8',
  });

function repo(): string {
  const root = tempProject({
    'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
    'parsers/failed.yaml': parser('TimeGenerated, UserPrincipalName'),
    'analytics/calls_parser.yaml': ruleYaml('FailedSignins | project UserPrincipalName'),
    'analytics/reads_table.yaml': withId(
      ruleYaml('SigninLogs | project UserPrincipalName'),
      '1f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f',
    ),
    // An old mistake elsewhere: a full check reports it, a check of the change does not.
    'analytics/old_mistake.yaml': withId(
      ruleYaml('SigninLogs | project Nope'),
      '2f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f',
    ),
  });
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'base');
  return root;
}

const files = (stdout: string) =>
  [...new Set((JSON.parse(stdout) as { file: string }[]).map((d) => d.file))].sort();

describe('kqlc check --changed-since', () => {
  it('checks a changed parser and its callers, and nothing else', async () => {
    const root = repo();
    expect(files((await cli(['check', root, '--format', 'json'])).stdout)).toEqual([
      'analytics/old_mistake.yaml',
    ]);
    writeFileSync(path.join(root, 'parsers/failed.yaml'), parser('TimeGenerated, Upn = UserPrincipalName'));
    const changed = await cli(['check', root, '--format', 'json', '--changed-since', 'HEAD']);
    expect(changed.code).toBe(1);
    expect(files(changed.stdout)).toEqual(['analytics/calls_parser.yaml']);
  });

  it('re-checks the queries over a changed table schema', async () => {
    const root = repo();
    writeFileSync(
      path.join(root, 'content/tables/SigninLogs.yaml'),
      SIGNIN_TABLE.replace('UserPrincipalName', 'Upn'),
    );
    const changed = await cli(['check', root, '--format', 'junit', '--changed-since', 'HEAD']);
    const checked = [...changed.stdout.matchAll(/<testcase name="([^"]+)"/g)].map((m) => m[1]);
    expect(checked).toEqual([
      'analytics/calls_parser.yaml',
      'analytics/old_mistake.yaml',
      'analytics/reads_table.yaml',
      'content/tables/SigninLogs.yaml',
      'parsers/failed.yaml',
    ]);
  });

  it('is clean when nothing changed, and checks a new untracked file', async () => {
    const root = repo();
    expect(await cli(['check', root, '--changed-since', 'HEAD'])).toMatchObject({ code: 0 });
    writeFileSync(
      path.join(root, 'analytics/new.yaml'),
      withId(ruleYaml('SigninLogs | project Bad'), '3f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f'),
    );
    const changed = await cli(['check', root, '--format', 'json', '--changed-since', 'HEAD']);
    expect(files(changed.stdout)).toEqual(['analytics/new.yaml']);
  });

  it('exits 2 on a ref git does not know', async () => {
    const r = await cli(['check', repo(), '--changed-since', 'no-such-ref']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--changed-since no-such-ref');
  });
});

describe('kqlc check --changed-since after a deletion', () => {
  it('checks everything when a parser file was deleted (its callers are unknown now)', async () => {
    const root = repo();
    const { rmSync } = await import('node:fs');
    rmSync(path.join(root, 'parsers/failed.yaml'));
    const changed = await cli(['check', root, '--format', 'json', '--changed-since', 'HEAD']);
    expect(files(changed.stdout)).toEqual(['analytics/calls_parser.yaml', 'analytics/old_mistake.yaml']);
  });
});
