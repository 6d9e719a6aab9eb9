import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/check-project.js';
import { discoverFiles } from '../../src/load/discover.js';
import { loadProject } from '../../src/load/project.js';
import type { ParserItem, WorkbookItem } from '../../src/model/content.js';
import { tempProject } from '../helpers/temp-project.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/azure-sentinel-layout/', import.meta.url));

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('a project laid out like the Azure-Sentinel repository, through kqlc.yaml globs', () => {
  it('finds every kind of content where the repository keeps it, and checks cleanly', async () => {
    const project = await loadProject(FIXTURE);
    expect(project.diagnostics).toEqual([]);
    expect(project.tables.map((t) => [t.name, t.file.path])).toEqual([
      ['ContosoAuth_CL', '.script/tests/KqlvalidationsTests/CustomTables/ContosoAuth_CL.json'],
      ['ContosoDevice_CL', 'Sample Data/ContosoDevice_CL_Schema.csv'],
    ]);
    expect(project.watchlists.map((w) => w.alias)).toEqual(['ServiceAccounts']);
    const items = project.items.map((i) => [
      i.kind,
      (i as ParserItem | WorkbookItem).form ?? '',
      i.source.file.path,
    ]);
    expect(items).toEqual([
      ['parser', 'asim', 'Parsers/ASimAuditEvent/Parsers/vimAuditEventContosoDevice.yaml'],
      ['parser', 'legacy', 'Parsers/ContosoAuth.txt'],
      ['parser', 'solution', 'Solutions/Contoso Identity/Parsers/ContosoFailedAuth.yaml'],
      ['hunting', '', 'Hunting Queries/SigninLogs/SigninsFromNewCountries.yaml'],
      ['hunting', '', 'Solutions/Contoso Identity/Hunting Queries/ContosoDeviceHighSeverity.yaml'],
      ['analytic', '', 'Detections/SigninLogs/PasswordSprayFromOneIp.yaml'],
      ['analytic', '', 'Solutions/Contoso Identity/Analytic Rules/ContosoMfaDeniedRepeatedly.yaml'],
      ['workbook', 'gallery', 'Solutions/Contoso Identity/Workbooks/ContosoIdentity.json'],
      ['workbook', 'gallery', 'Workbooks/SigninResults.json'],
    ]);
    expect(checkProject(project).diagnostics).toEqual([]);
  });

  it('reports a mistake in a file that only a glob reaches, at its position', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kqlc-layout-'));
    copies.push(dir);
    cpSync(FIXTURE, dir, { recursive: true });
    const file = 'Solutions/Contoso Identity/Workbooks/ContosoIdentity.json';
    const text = readFileSync(path.join(dir, file), 'utf8').replace(
      '| top 10 by Failures',
      '| top 10 by Failure',
    );
    writeFileSync(path.join(dir, file), text);
    const errors = checkProject(await loadProject(dir)).diagnostics.filter((d) => d.severity === 'error');
    const at = text.indexOf('by Failure"') + 3;
    const line = text.slice(0, at).split('\n').length;
    const column = at - text.lastIndexOf('\n', at - 1);
    expect(errors).toEqual([expect.objectContaining({ file, code: 'KS142', start: { line, column } })]);
  });
});

describe('kqlc.yaml paths: folders and globs', () => {
  it('takes folders recursively, globs of folders and of files, and ! exclusions', async () => {
    const root = tempProject({
      'A/x.yaml': '',
      'A/.hidden/y.yaml': '',
      'A/deep/z.yml': '',
      'S/one/Rules/r.yaml': '',
      'S/two/Rules/r.yaml': '',
      'S/two/Other/o.yaml': '',
      'P/f.kql': '',
      'P/g.txt': '',
      'P/h.md': '',
      '.script/T/t.json': '',
    });
    expect(await discoverFiles(root, ['A'], ['yaml', 'yml'])).toEqual(['A/deep/z.yml', 'A/x.yaml']);
    expect(await discoverFiles(root, ['S/*/Rules'], ['yaml'])).toEqual([
      'S/one/Rules/r.yaml',
      'S/two/Rules/r.yaml',
    ]);
    expect(await discoverFiles(root, ['S/**/*.yaml', '!S/two/Other'], ['yaml'])).toEqual([
      'S/one/Rules/r.yaml',
      'S/two/Rules/r.yaml',
    ]);
    expect(await discoverFiles(root, ['P/*'], ['kql', 'txt'])).toEqual(['P/f.kql', 'P/g.txt']);
    expect(await discoverFiles(root, ['.script/T'], ['json'])).toEqual(['.script/T/t.json']);
    expect(await discoverFiles(root, ['Missing', 'Missing/*/x'], ['yaml'])).toEqual([]);
  });
});
