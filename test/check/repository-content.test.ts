import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/check-project.js';
import { loadProject } from '../../src/load/project.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const RULE = 'analytics/teams/persistence_custom_app_sideloading_allowed.yaml';

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A copy of this repository's content, so a test can plant a mistake without touching the repo. */
function copyOfRepositoryContent(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kqlc-repo-'));
  copies.push(dir);
  for (const folder of ['content', 'parsers', 'hunting', 'analytics', 'workbooks']) {
    cpSync(path.join(repo, folder), path.join(dir, folder), { recursive: true });
  }
  return dir;
}

describe("this repository's content", () => {
  it('checks cleanly', async () => {
    const project = await loadProject(repo);
    expect(project.items.length).toBeGreaterThanOrEqual(3);
    expect(checkProject(project).diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('reports an unknown column planted in the analytic rule at its line and column in the YAML', async () => {
    const dir = copyOfRepositoryContent();
    const file = path.join(dir, RULE);
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('| where NewValue =~ "True"'));
    expect(at).toBeGreaterThan(0);
    const planted = '  | where SideloadingPolicyState == "On"';
    lines.splice(at + 1, 0, planted);
    writeFileSync(file, lines.join('\n'));

    const { diagnostics } = checkProject(await loadProject(dir));
    const column = planted.indexOf('SideloadingPolicyState') + 1;
    expect(diagnostics).toEqual([
      expect.objectContaining({
        file: RULE,
        code: 'KS142',
        severity: 'error',
        start: { line: at + 2, column },
        end: { line: at + 2, column: column + 'SideloadingPolicyState'.length },
      }),
    ]);
  });
});
