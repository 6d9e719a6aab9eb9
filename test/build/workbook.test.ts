/**
 * Workbooks: YAML form → gallery JSON, and the round trip with the loader on real gallery workbooks from
 * ../shared/reference (skipped, and said so, when absent).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildWorkbook, workbookGallery } from '../../src/build/workbook.js';
import { workbookDocFromGallery } from '../../src/load/workbook-gallery.js';
import type { WorkbookItem } from '../../src/model/content.js';
import type { WorkbookDoc } from '../../src/model/workbook.js';
import { SPECS_DIR, specsPresent, validateRequestBody } from './swagger.js';

const SAMPLES = path.resolve(SPECS_DIR, '../reference/azure-sentinel-samples/workbooks');
const samplesPresent = existsSync(SAMPLES);
const WORKBOOKS_SPEC =
  'specification/applicationinsights/resource-manager/Microsoft.Insights/ApplicationInsights/stable/2023-06-01/workbooks_API.json';

const doc: WorkbookDoc = {
  id: '3f0c8f6e-2b1a-4c5d-9e7f-1a2b3c4d5e6f',
  title: 'Teams administration',
  description: 'Tenant setting changes',
  parameters: [{ name: 'TimeRange', type: 'timeRange', default: '7d', required: true }],
  items: [
    { text: '## Teams tenant settings', name: 'text - 0' },
    {
      query: 'OfficeActivity\n| where {TimeRange}\n| summarize count() by Operation',
      title: 'Operations',
      visualization: 'table',
      size: 1,
      timeRange: 'TimeRange',
      name: 'query - 1',
    },
    { group: 'Details', items: [{ raw: { type: 11, content: { links: [] } } }] },
  ],
};

const item = (d: WorkbookDoc, gallery?: Record<string, unknown>): WorkbookItem =>
  ({
    kind: 'workbook',
    id: d.id,
    name: d.title,
    title: d.title,
    form: gallery ? 'gallery' : 'yaml',
    doc: d,
    gallery,
    queries: [],
  }) as unknown as WorkbookItem;

const WS = { subscriptionId: 's1', resourceGroup: 'rg-soc', workspace: 'law-soc', location: 'westeurope' };

describe('workbookGallery', () => {
  it('builds Notebook/1.0 gallery JSON: parameters first, then text, query and group steps', () => {
    const g = workbookGallery(doc) as { version: string; items: Record<string, unknown>[]; $schema: string };
    expect(g.version).toBe('Notebook/1.0');
    expect(g.items.map((i) => i.type)).toEqual([9, 1, 3, 12]);
    const params = (g.items[0]!.content as { parameters: Record<string, unknown>[] }).parameters;
    expect(params[0]).toMatchObject({
      name: 'TimeRange',
      type: 4,
      isRequired: true,
      value: { durationMs: 7 * 86_400_000 },
      version: 'KqlParameterItem/1.0',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/),
    });
    expect(g.items[1]).toEqual({ type: 1, content: { json: '## Teams tenant settings' }, name: 'text - 0' });
    expect(g.items[2]!.content).toEqual({
      version: 'KqlItem/1.0',
      query: 'OfficeActivity\n| where {TimeRange}\n| summarize count() by Operation',
      size: 1,
      title: 'Operations',
      timeContextFromParameter: 'TimeRange',
      queryType: 0,
      resourceType: 'microsoft.operationalinsights/workspaces',
      visualization: 'table',
    });
    expect(g.items[3]!.content).toMatchObject({
      title: 'Details',
      items: [{ type: 11, content: { links: [] } }],
    });
  });

  it('gives parameters the same id on every build', () => {
    expect(JSON.stringify(workbookGallery(doc))).toBe(JSON.stringify(workbookGallery(structuredClone(doc))));
  });
});

describe('buildWorkbook', () => {
  it('makes a shared sentinel workbook of the workspace, with its location', () => {
    const { resource, issues } = buildWorkbook(item(doc), WS);
    expect(issues).toEqual([]);
    expect(resource).toMatchObject({
      name: doc.id,
      location: 'westeurope',
      kind: 'shared',
      properties: {
        displayName: 'Teams administration',
        version: 'Notebook/1.0',
        category: 'sentinel',
        description: 'Tenant setting changes',
        sourceId:
          '/subscriptions/s1/resourceGroups/rg-soc/providers/Microsoft.OperationalInsights/workspaces/law-soc',
      },
    });
    expect(JSON.parse(resource!.properties.serializedData)).toEqual(workbookGallery(doc));
  });

  it('refuses without a location, which the service requires', () => {
    const { resource, issues } = buildWorkbook(item(doc), { ...WS, location: undefined });
    expect(resource).toBeUndefined();
    expect(issues[0]).toMatchObject({ severity: 'error', path: 'location' });
  });

  it('publishes a gallery file as written', () => {
    const gallery = { version: 'Notebook/1.0', items: [{ type: 1, content: { json: 'x' } }], custom: 1 };
    const { resource } = buildWorkbook(item(doc, gallery), WS);
    expect(JSON.parse(resource!.properties.serializedData)).toEqual(gallery);
  });
});

describe('round trip with the loader: availability', () => {
  it(samplesPresent ? `uses the gallery workbooks in ${SAMPLES}` : `SKIPPED: ${SAMPLES} is absent`, (ctx) => {
    if (!samplesPresent) {
      console.warn(`[kqlc] workbook round trip SKIPPED: ${SAMPLES} is absent`);
      ctx.skip();
    }
    expect(samplesPresent).toBe(true);
  });
});

/** Keys a rebuilt workbook may add that the loader treats as implied (defaults of the gallery format). */
const IMPLIED = new Set(['version', 'queryType', 'resourceType', 'groupType', '$schema']);

/** Every value of `original` is in `rebuilt`; what `rebuilt` adds is only implied defaults. */
function sameWorkbook(
  original: unknown,
  rebuilt: unknown,
  at: string,
  problems: string[],
  parentName?: unknown,
): void {
  if (Array.isArray(original)) {
    if (!Array.isArray(rebuilt) || rebuilt.length !== original.length) {
      problems.push(`${at}: array differs`);
      return;
    }
    for (const [i, v] of original.entries()) sameWorkbook(v, rebuilt[i], `${at}[${i}]`, problems);
    return;
  }
  // A null parameter value means no value; the loader keeps neither.
  if (original === null && rebuilt === undefined && at.endsWith('.value')) return;
  if (original !== null && typeof original === 'object') {
    if (rebuilt === null || typeof rebuilt !== 'object' || Array.isArray(rebuilt)) {
      problems.push(`${at}: not an object`);
      return;
    }
    const o = original as Record<string, unknown>;
    const r = rebuilt as Record<string, unknown>;
    for (const k of Object.keys(o)) {
      // Known loss in src/load/workbook-gallery.ts: a parameters step's own queryType/resourceType are
      // dropped (each parameter keeps its own). Reported to the loader's owner; allowed here by name only.
      if (!(k in r) && (k === 'queryType' || k === 'resourceType') && Array.isArray(o.parameters)) continue;
      sameWorkbook(o[k], r[k], `${at}.${k}`, problems, o.name);
    }
    for (const k of Object.keys(r)) {
      if (k in o || IMPLIED.has(k)) continue;
      // Known loss in src/load/workbook-gallery.ts: an untitled group is read as `group: <step name>`, so it
      // comes back titled with its step name. Allowed here by name only (reported to the loader's owner).
      if (k === 'title' && Array.isArray(o.items) && r.title === parentName) continue;
      problems.push(`${at}.${k}: added`);
    }
    return;
  }
  // Queries are tidied by the loader (LF line ends, no trailing spaces).
  const tidy = (v: unknown) =>
    typeof v === 'string' ? v.replace(/\r\n?/g, '\n').replace(/[ \t]+$/gm, '') : v;
  if (tidy(original) !== tidy(rebuilt))
    problems.push(`${at}: ${JSON.stringify(original)} ≠ ${JSON.stringify(rebuilt)}`);
}

describe.skipIf(!samplesPresent)('round trip with the loader on Azure-Sentinel gallery workbooks', () => {
  for (const file of samplesPresent ? ['MicrosoftTeams.json', 'Office365.json'] : []) {
    it(`${file}: gallery → YAML form → gallery keeps every value`, () => {
      const original = JSON.parse(readFileSync(path.join(SAMPLES, file), 'utf8')) as Record<string, unknown>;
      const yamlForm = workbookDocFromGallery(original, {
        id: '00000000-0000-4000-8000-000000000001',
        title: file,
      });
      const problems: string[] = [];
      sameWorkbook(original, workbookGallery(yamlForm), '$', problems);
      expect(problems).toEqual([]);
    });
  }
});

describe.skipIf(!specsPresent)('swagger validation of the workbook body (2023-06-01)', () => {
  it('accepts the body, and the spec can fail (no location)', () => {
    const { name: _n, ...body } = buildWorkbook(item(doc), WS).resource!;
    expect(validateRequestBody(WORKBOOKS_SPEC, 'Workbook', body)).toEqual([]);
    const { location: _l, ...noLocation } = body;
    expect(validateRequestBody(WORKBOOKS_SPEC, 'Workbook', noLocation).join()).toMatch(/location/);
  });
});
