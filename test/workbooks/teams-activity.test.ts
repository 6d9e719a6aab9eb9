import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { workbookGallery } from '../../src/build/workbook.js';
import { checkProject } from '../../src/check/check-project.js';
import { resolveProject } from '../../src/kql/project-world.js';
import { importWorkbook } from '../../src/load/import-workbook.js';
import { loadProject } from '../../src/load/project.js';
import type { WorkbookItem } from '../../src/model/content.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const WORKBOOK = 'workbooks/teams/teams_activity.yaml';

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

async function repoWorkbook(root = repo) {
  const project = await loadProject(root);
  const item = project.items.find((i) => i.source.file.path === WORKBOOK) as WorkbookItem | undefined;
  if (!item) throw new Error(`${WORKBOOK} was not loaded`);
  return { project, item };
}

describe("this repository's Teams activity workbook", () => {
  it('has every query checked against TeamsData and the declared watchlist, cleanly', async () => {
    const { project, item } = await repoWorkbook();
    expect(item.form).toBe('yaml');
    expect(item.queries.map((q) => q.label)).toEqual([
      'parameter Operations',
      'Operations over time',
      'External members added to teams',
      'External members added, by domain',
      'Tenant setting changes',
      'Add-ons installed that are not approved',
    ]);
    const resolved = resolveProject(project);
    for (const { analysis } of resolved.queries(item)) expect(analysis.columns?.length).toBeGreaterThan(0);
    expect(checkProject(project).diagnostics.filter((d) => d.file === WORKBOOK)).toEqual([]);
  });

  it('reports a column TeamsData does not return at its line and column in the YAML', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kqlc-wb-'));
    copies.push(dir);
    for (const folder of ['content', 'parsers', 'workbooks'])
      cpSync(path.join(repo, folder), path.join(dir, folder), { recursive: true });
    const file = path.join(dir, WORKBOOK);
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('| where Operation == "TeamsTenantSettingChanged"'));
    const planted = '          | where SettingName == "x"';
    lines.splice(at + 1, 0, planted);
    writeFileSync(file, lines.join('\n'));
    const { project } = await repoWorkbook(dir);
    expect(checkProject(project).diagnostics.filter((d) => d.file === WORKBOOK)).toEqual([
      expect.objectContaining({
        code: 'KS142',
        start: { line: at + 2, column: planted.indexOf('SettingName') + 1 },
        end: { line: at + 2, column: planted.indexOf('SettingName') + 1 + 'SettingName'.length },
      }),
    ]);
  });

  it('builds to gallery JSON that imports back to the same workbook', async () => {
    const { item } = await repoWorkbook();
    const gallery = workbookGallery(item.doc);
    expect(gallery.version).toBe('Notebook/1.0');
    const json = JSON.stringify(gallery, null, 2);
    const { yaml, diagnostics } = importWorkbook(json, 'teams_activity.json', {
      id: item.id,
      title: item.title,
    });
    expect(diagnostics).toEqual([]);
    const back = parse(yaml!) as Record<string, unknown>;
    const original = parse(readFileSync(path.join(repo, WORKBOOK), 'utf8')) as Record<string, unknown>;
    // The YAML form puts workbook-level parameters in a first parameters step once built.
    const { parameters, description: _d, version: _v, ...rest } = original;
    expect(back).toMatchObject({
      ...rest,
      items: [
        expect.objectContaining({ parameters: expect.any(Array) }),
        ...(rest.items as unknown[]).map((s) => expect.objectContaining(stripGallery(s))),
      ],
    });
    expect((back.items as { parameters: { name: string }[] }[])[0].parameters.map((p) => p.name)).toEqual(
      (parameters as { name: string }[]).map((p) => p.name),
    );
  });
});

/** A step without the passthrough the builder adds (ids, versions), for comparison. */
function stripGallery(step: unknown): unknown {
  if (!step || typeof step !== 'object') return step;
  const { gallery: _g, items, ...rest } = step as Record<string, unknown>;
  return Array.isArray(items)
    ? { ...rest, items: items.map((s) => expect.objectContaining(stripGallery(s) as object)) }
    : rest;
}
