import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../src/check/base-version.js';
import { cli } from '../helpers/cli.js';
import { ruleYaml, SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
    encoding: 'utf8',
  });

function repo(): string {
  const root = tempProject({
    'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
    'analytics/r.yaml': `${ruleYaml('SigninLogs | project UserPrincipalName')}version: 1.0.2\n`,
  });
  git(root, 'init', '-q');
  git(root, 'add', '-A');
  git(root, 'commit', '-qm', 'base');
  return root;
}

const edit = (root: string, f: (t: string) => string) => {
  const file = path.join(root, 'analytics/r.yaml');
  writeFileSync(file, f(readFileSync(file, 'utf8')));
};
const found = async (root: string) =>
  (
    JSON.parse((await cli(['check', root, '--format', 'json', '--base', 'HEAD'])).stdout) as {
      code: string;
      line: number;
      message: string;
    }[]
  ).map((d) => `${d.line} ${d.code} ${d.message}`);

describe('kqlc check --base', () => {
  it('is silent when nothing changed, and when a query change comes with a higher version', async () => {
    const root = repo();
    expect(await found(root)).toEqual([]);
    edit(root, (t) =>
      t
        .replace('project UserPrincipalName', 'project UserPrincipalName, IPAddress')
        .replace('1.0.2', '1.0.10'),
    );
    expect(await found(root)).toEqual([]);
  });

  it('reports a query change without a version bump at the version', async () => {
    const root = repo();
    edit(root, (t) => t.replace('project UserPrincipalName', 'project UserPrincipalName, IPAddress'));
    expect(await found(root)).toEqual([
      '19 KQLC4091 the query changed since the base ref but the version is still 1.0.2; raise it',
    ]);
  });

  it('reports a changed id at the id', async () => {
    const root = repo();
    edit(root, (t) =>
      t.replace('9f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f', '8f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f'),
    );
    expect(await found(root)).toEqual([
      '1 KQLC4090 id changed from 9f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f to 8f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f: a published item keeps its id (a new id is a new item)',
    ]);
  });

  it('compares versions numerically', () => {
    expect(compareVersions('1.0.10', '1.0.9')).toBe(1);
    expect(compareVersions('2.0', '2.0.0')).toBe(0);
    expect(compareVersions('1.2.0', '1.10.0')).toBe(-1);
  });
});
