import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CheckCache } from '../../src/check/cache.js';
import { checkProject } from '../../src/check/check-project.js';
import { loadProject } from '../../src/load/project.js';
import { ruleYaml, SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

const parser = (extra: string) => `id: 0d4c7e2a-1b3c-4d5e-8f90-a1b2c3d4e5f6
name: FailedSignins
query: |
  SigninLogs
  | where ResultType != "0"
  | project TimeGenerated, UserPrincipalName${extra}
`;
const withId = (yaml: string, n: number) => yaml.replace('9f1e4b0e', `${n}f1e4b0e`);

function project() {
  return tempProject({
    'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
    'parsers/failed.yaml': parser(''),
    'analytics/a.yaml': withId(ruleYaml('FailedSignins | project UserPrincipalName'), 1),
    'analytics/b.yaml': withId(ruleYaml('SigninLogs | project UserPrincipalName, Oops'), 2),
    'analytics/c.yaml': withId(ruleYaml('SigninLogs | project UserPrincipalName'), 3),
  });
}

async function check(root: string) {
  const cache = CheckCache.open(path.join(root, '.kqlc-cache'));
  const { diagnostics } = checkProject(await loadProject(root), { cache });
  cache.save();
  return { diagnostics, hits: cache.hits, misses: cache.misses };
}

describe('check cache', () => {
  it('gives the same diagnostics from the cache, and re-checks what a change touches', async () => {
    const root = project();
    const cold = await check(root);
    expect(cold).toMatchObject({ hits: 0, misses: 4 });
    expect(cold.diagnostics.map((d) => d.code)).toEqual(['KS142']);
    const warm = await check(root);
    expect(warm).toMatchObject({ hits: 4, misses: 0 });
    expect(warm.diagnostics).toEqual(cold.diagnostics);

    // A parser change invalidates the parser and its caller, not the others.
    writeFileSync(path.join(root, 'parsers/failed.yaml'), parser(', IPAddress'));
    expect(await check(root)).toMatchObject({ hits: 2, misses: 2 });
    // A table change invalidates everything that reads it.
    writeFileSync(
      path.join(root, 'content/tables/SigninLogs.yaml'),
      `${SIGNIN_TABLE}  - { name: Extra, type: string }\n`,
    );
    expect(await check(root)).toMatchObject({ hits: 0, misses: 4 });
    // So does a change to kqlc.yaml (it is not among the loaded content files, but it is in the key).
    expect(await check(root)).toMatchObject({ hits: 4, misses: 0 });
    writeFileSync(path.join(root, 'kqlc.yaml'), 'checks:\n  severity: {}\n');
    expect(await check(root)).toMatchObject({ hits: 0, misses: 4 });
  });

  it('still reports duplicate ids between a cached item and a changed one', async () => {
    const root = project();
    await check(root);
    writeFileSync(
      path.join(root, 'analytics/c.yaml'),
      withId(ruleYaml('SigninLogs | project UserPrincipalName'), 2),
    );
    const again = await check(root);
    expect(again.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual([
      'analytics/b.yaml KS142',
      'analytics/c.yaml KQLC4002',
    ]);
  });

  it('does not load Kusto.Language at all when every item hits the cache', { timeout: 120_000 }, () => {
    const root = project();
    const src = (p: string) => JSON.stringify(new URL(`../../src/${p}`, import.meta.url).href);
    const script = path.join(root, 'run.mts');
    writeFileSync(
      script,
      `import { CheckCache } from ${src('check/cache.ts')};
import { checkProject } from ${src('check/check-project.ts')};
import { isKustoLoaded } from ${src('kql/kusto.ts')};
import { loadProject } from ${src('load/project.ts')};
const cache = CheckCache.open(${JSON.stringify(path.join(root, '.kqlc-cache'))});
const { diagnostics } = checkProject(await loadProject(${JSON.stringify(root)}), { cache });
cache.save();
console.log(JSON.stringify({ loaded: isKustoLoaded(), hits: cache.hits, errors: diagnostics.length }));
`,
    );
    const run = () =>
      JSON.parse(
        execFileSync(process.execPath, ['--import', 'tsx', script], {
          encoding: 'utf8',
          cwd: fileURLToPath(new URL('../../', import.meta.url)),
        }).trim(),
      );
    expect(run()).toEqual({ loaded: true, hits: 0, errors: 1 });
    expect(run()).toEqual({ loaded: false, hits: 4, errors: 1 });
  });
});

describe('whole-run cache (kqlc check)', () => {
  it('answers an unchanged project from the last run, and notices any change', async () => {
    const { cli } = await import('../helpers/cli.js');
    const root = project();
    const first = await cli(['check', root, '--format', 'json']);
    expect(first.code).toBe(1);
    const again = await cli(['check', root, '--format', 'json']);
    expect(again).toEqual(first);
    expect((await cli(['check', root])).stdout).toContain('analytics/b.yaml:13:43 error KS142');
    // Proof that the second run read the stored result instead of checking again: tamper with it.
    const stored = path.join(root, '.kqlc-cache/check-run.json');
    const doc = JSON.parse(readFileSync(stored, 'utf8'));
    doc.result.diagnostics[0].message = 'from the cache';
    writeFileSync(stored, JSON.stringify(doc));
    expect(JSON.parse((await cli(['check', root, '--format', 'json'])).stdout)[0].message).toBe(
      'from the cache',
    );
    expect(
      JSON.parse((await cli(['check', root, '--format', 'json', '--no-cache'])).stdout)[0].message,
    ).not.toBe('from the cache');
    writeFileSync(
      path.join(root, 'analytics/b.yaml'),
      withId(ruleYaml('SigninLogs | project UserPrincipalName'), 2),
    );
    expect(await cli(['check', root, '--format', 'json'])).toMatchObject({ code: 0, stdout: '[]\n' });
  });
});

describe('incremental run (kqlc check after some rules changed)', () => {
  it('loads only the changed items, reuses the other files, and re-compares ids across all', async () => {
    const { cli } = await import('../helpers/cli.js');
    const json = async (...extra: string[]) => {
      const r = await cli(['check', root, '--format', 'json', ...extra]);
      return JSON.parse(r.stdout) as { file: string; code: string; message: string }[];
    };
    const root = project();
    expect((await json()).map((d) => d.file)).toEqual(['analytics/b.yaml']);
    // Proof that b.yaml's diagnostics are reused, not recomputed: tamper with the stored copy.
    const stored = path.join(root, '.kqlc-cache/check-run.json');
    const doc = JSON.parse(readFileSync(stored, 'utf8'));
    doc.result.diagnostics[0].message = 'reused';
    writeFileSync(stored, JSON.stringify(doc));

    // c.yaml changes: a new error, and now the id of a.yaml (which did not change).
    writeFileSync(path.join(root, 'analytics/c.yaml'), withId(ruleYaml('SigninLogs | project Nope'), 1));
    const incremental = await json();
    const full = await json('--no-cache');
    expect(incremental.find((d) => d.file === 'analytics/b.yaml')?.message).toBe('reused');
    expect(incremental.map(({ file, code }) => ({ file, code }))).toEqual(
      full.map(({ file, code }) => ({ file, code })),
    );
    expect(incremental.filter((d) => d.file === 'analytics/c.yaml').map((d) => d.code)).toEqual(
      expect.arrayContaining(['KQLC4002', 'KS142']),
    );
    expect(incremental.find((d) => d.code === 'KQLC4002')?.message).toContain(
      'already used by analytics/a.yaml',
    );

    // a.yaml is removed: the duplicate goes with it, and b.yaml is still reused.
    rmSync(path.join(root, 'analytics/a.yaml'));
    const afterRemoval = await json();
    expect(afterRemoval.some((d) => d.code === 'KQLC4002')).toBe(false);
    expect(afterRemoval.find((d) => d.file === 'analytics/b.yaml')?.message).toBe('reused');

    // A parser changes: everything is checked again, nothing reused.
    writeFileSync(path.join(root, 'parsers/failed.yaml'), parser(', ResultType'));
    expect((await json()).find((d) => d.file === 'analytics/b.yaml')?.message).not.toBe('reused');
  });
});

describe('run cache state on disk', () => {
  it('ignores a damaged or half-written state and checks everything again', async () => {
    const { cli } = await import('../helpers/cli.js');
    const root = project();
    const first = await cli(['check', root, '--format', 'json']);
    const stored = path.join(root, '.kqlc-cache/check-run.json');
    const doc = JSON.parse(readFileSync(stored, 'utf8'));
    for (const damage of [
      (d: Record<string, unknown>) => {
        delete d.ids;
      },
      (d: Record<string, unknown>) => {
        d.result = null;
      },
    ]) {
      const copy = structuredClone(doc);
      damage(copy);
      writeFileSync(stored, JSON.stringify(copy));
      writeFileSync(path.join(root, 'analytics/c.yaml'), withId(ruleYaml('SigninLogs | project Nope'), 3));
      const again = await cli(['check', root, '--format', 'json']);
      expect(again.stderr).toBe('');
      const files = JSON.parse(again.stdout).map((d: { file: string }) => d.file);
      expect([...new Set(files)]).toEqual(['analytics/b.yaml', 'analytics/c.yaml']);
      writeFileSync(stored, JSON.stringify(copy).slice(0, 100));
      writeFileSync(
        path.join(root, 'analytics/c.yaml'),
        withId(ruleYaml('SigninLogs | project UserPrincipalName'), 3),
      );
      expect(await cli(['check', root, '--format', 'json'])).toEqual(first);
    }
  });
});
