import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkProject } from '../../src/check/check-project.js';
import { loadProject } from '../../src/load/project.js';
import type { WorkbookItem } from '../../src/model/content.js';
import { cli } from '../helpers/cli.js';
import { SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

const GALLERY = JSON.stringify(
  {
    version: 'Notebook/1.0',
    items: [
      { type: 1, content: { json: '## Sign-ins' }, name: 'text - 0' },
      {
        type: 9,
        content: {
          version: 'KqlParameterItem/1.0',
          parameters: [
            {
              id: 'p1',
              version: 'KqlParameterItem/1.0',
              name: 'TimeRange',
              type: 4,
              value: { durationMs: 604800000 },
            },
          ],
          style: 'pills',
        },
        name: 'parameters - 1',
      },
      {
        type: 3,
        content: {
          version: 'KqlItem/1.0',
          query: 'SigninLogs\r\n| where TimeGenerated {TimeRange}   \r\n| summarize count() by ResultType',
          size: 1,
          title: 'By result',
          queryType: 0,
          resourceType: 'microsoft.operationalinsights/workspaces',
          visualization: 'piechart',
        },
        name: 'query - 2',
      },
      { type: 11, content: { version: 'LinkItem/1.0', links: [] }, name: 'links - 3' },
    ],
    fromTemplateId: 'sentinel-Example',
  },
  null,
  2,
);

describe('kqlc import-workbook', () => {
  it('writes the YAML form: query blocks, parameters with durations, unmodelled steps kept raw', async () => {
    const root = tempProject({ 'signins.json': GALLERY, 'content/tables/SigninLogs.yaml': SIGNIN_TABLE });
    const { code, stdout, stderr } = await cli(['import-workbook', 'signins.json'], root);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain(
      'query: |-\n      SigninLogs\n      | where TimeGenerated {TimeRange}\n      | summarize',
    );
    const doc = parse(stdout);
    expect(doc).toMatchObject({
      title: 'signins',
      items: [
        { text: '## Sign-ins', name: 'text - 0' },
        { parameters: [{ name: 'TimeRange', type: 'timeRange', default: '7d', gallery: { id: 'p1' } }] },
        { title: 'By result', visualization: 'piechart', size: 1, name: 'query - 2' },
        { raw: { type: 11, name: 'links - 3' } },
      ],
      gallery: { fromTemplateId: 'sentinel-Example' },
    });
    expect(doc.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes --out, and the result loads as a YAML workbook that checks cleanly', async () => {
    const root = tempProject({ 'signins.json': GALLERY, 'content/tables/SigninLogs.yaml': SIGNIN_TABLE });
    const { code } = await cli(
      ['import-workbook', 'signins.json', '--out', 'workbooks/signins.yaml', '--title', 'Sign-ins'],
      root,
    );
    expect(code).toBe(0);
    const project = await loadProject(root);
    expect(project.diagnostics).toEqual([]);
    const [item] = project.items as WorkbookItem[];
    expect(item).toMatchObject({ kind: 'workbook', form: 'yaml', title: 'Sign-ins' });
    expect(item.queries).toHaveLength(1);
    expect(checkProject(project).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('reports malformed JSON or a file that is no workbook with exit 1, and a missing file with exit 2', async () => {
    const root = tempProject({
      'bad.json': '{ "version": "Notebook/1.0", "items": [ }',
      'other.json': '{"a": 1}',
    });
    const bad = await cli(['import-workbook', 'bad.json'], root);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/bad\.json:1:\d+ .*KQLC1002/);
    const other = await cli(['import-workbook', 'other.json'], root);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('KQLC2003');
    expect((await cli(['import-workbook', 'missing.json'], root)).code).toBe(2);
  });
});

/** Real Azure-Sentinel gallery workbooks (../shared/reference). SKIPPED when ../shared is absent. */
const SAMPLES = fileURLToPath(
  new URL('../../../shared/reference/azure-sentinel-samples/workbooks/', import.meta.url),
);
describe.skipIf(!existsSync(SAMPLES))(
  'import of Azure-Sentinel gallery workbooks (skipped without ../shared)',
  () => {
    it('imports each into YAML that loads and checks without errors', async () => {
      for (const file of existsSync(SAMPLES) ? readdirSync(SAMPLES) : []) {
        const root = tempProject({ [file]: readFileSync(path.join(SAMPLES, file), 'utf8') });
        const yamlFile = `workbooks/${file.replace(/\.json$/, '.yaml')}`;
        expect((await cli(['import-workbook', file, '--out', yamlFile], root)).code).toBe(0);
        const project = await loadProject(root);
        expect(project.diagnostics).toEqual([]);
        expect((project.items[0] as WorkbookItem).queries.length).toBeGreaterThan(10);
        expect(checkProject(project).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      }
    });
  },
);
