/**
 * Workbooks published through the Security Insights client's own pipeline (bearer token, retries) to the
 * fake ARM server, which validates every body against the 2023-06-01 swagger.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemResourceId, workspaceResourceId } from '../../src/build/metadata.js';
import { applyPublish, planPublish } from '../../src/publish/index.js';
import { type FakeArmServer, WORKBOOKS_API_VERSION } from './fake-arm-server.js';
import { clearWorkspace, ENV, TempProject, testClient, withFakeArmServer } from './helpers.js';

const WORKBOOK_ID = '3f0c8f6e-2b1a-4c5d-9e7f-1a2b3c4d5e6f';
const WORKBOOK = [
  `id: ${WORKBOOK_ID}`,
  'title: Teams administration',
  'description: Tenant setting changes',
  'parameters:',
  '  - name: TimeRange',
  '    type: timeRange',
  '    default: 7d',
  'items:',
  '  - text: "## Teams tenant settings"',
  '  - query: |',
  '      OfficeActivity',
  '      | where TimeGenerated {TimeRange}',
  '      | summarize count() by Operation',
  '    title: Operations',
  '    visualization: table',
  '    timeRange: TimeRange',
  '',
].join('\n');

const { subscriptionId: SUB, resourceGroup: RG, workspace: WS } = ENV;
let server: FakeArmServer;
let project: TempProject;

withFakeArmServer((started) => {
  server = started;
});
beforeEach(async () => {
  project = await TempProject.create(
    { test: { ...ENV, location: 'westeurope' }, nolocation: ENV },
    { 'workbooks/teams_administration.yaml': WORKBOOK },
  );
});
afterEach(async () => {
  await project.dispose();
  await clearWorkspace(server);
  for (const w of server.workbooks(SUB, RG)) await testClient(server).deleteWorkbook(w.name);
});

const publish = async (env = 'test', options: { prune?: boolean } = {}) =>
  applyPublish(await project.load(), env, { client: testClient(server), sourceId: 'wb', ...options });

describe('publishing workbooks', () => {
  it('creates a shared sentinel workbook of the workspace, then a second publish writes nothing', async () => {
    const load = await project.load();
    expect(load.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const first = await publish();
    expect(first.plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(first.results.map((r) => [r.entry.role, r.status])).toEqual([['workbook', 'created']]);
    expect(server.invalidBodies).toEqual([]);
    const [stored] = server.workbooks(SUB, RG);
    expect(stored).toMatchObject({
      name: WORKBOOK_ID,
      location: 'westeurope',
      kind: 'shared',
      properties: {
        displayName: 'Teams administration',
        category: 'sentinel',
        version: 'Notebook/1.0',
        sourceId: workspaceResourceId(ENV),
      },
    });
    const gallery = JSON.parse(String(stored!.properties.serializedData)) as { items: { type: number }[] };
    expect(gallery.items.map((i) => i.type)).toEqual([9, 1, 3]);
    const put = server.requests.find((r) => r.method === 'PUT' && r.path.includes('/workbooks/'))!;
    expect(put.apiVersion).toBe(WORKBOOKS_API_VERSION);
    expect(put.authorized).toBe(true);
    const meta = server.metadata(SUB, RG, WS).find((m) => m.properties.kind === 'Workbook')!;
    expect(meta.properties.parentId).toBe(itemResourceId(ENV, 'workbook', WORKBOOK_ID));

    const writes = server.writes().length;
    const second = await publish();
    expect(second.results.map((r) => r.status)).toEqual(['unchanged']);
    expect(server.writes().length).toBe(writes);
  });

  it('updates the workbook when a query changes, with the field that differs', async () => {
    await publish();
    await project.edit('workbooks/teams_administration.yaml', (t) =>
      t.replace('by Operation', 'by Operation, UserId'),
    );
    const plan = await planPublish(await project.load(), 'test', {
      client: testClient(server),
      sourceId: 'wb',
    });
    expect(plan.entries.map((e) => [e.action, e.changes.map((c) => c.path)])).toEqual([
      ['update', ['properties.serializedData']],
    ]);
    const report = await publish();
    expect(report.results.map((r) => r.status)).toEqual(['updated']);
    expect(String(server.workbooks(SUB, RG)[0]!.properties.serializedData)).toContain('by Operation, UserId');
  });

  it('goes through the SDK pipeline: a 503 with retry-after-ms and a reset are retried', async () => {
    const from = server.requests.length;
    server.inject({ method: 'PUT', pathIncludes: '/workbooks/', status: 503, retryAfterMs: 10 });
    server.inject({ method: 'PUT', pathIncludes: '/workbooks/', reset: true });
    const report = await publish();
    expect(report.results.map((r) => r.status)).toEqual(['created']);
    const puts = server.requests
      .slice(from)
      .filter((r) => r.method === 'PUT' && r.path.includes('/workbooks/'));
    expect(puts.map((r) => r.status)).toEqual([503, 'reset', 201]);
  });

  it('needs the location of the workspace, and says so before any request', async () => {
    const from = server.requests.length;
    const report = await publish('nolocation');
    expect(report.blocked).toBe(true);
    expect(report.plan.problems).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        path: 'location',
        file: 'workbooks/teams_administration.yaml',
      }),
    );
    expect(server.requests.length).toBe(from);
  });

  it('prunes a removed workbook, and never a workbook made in the portal', async () => {
    await publish();
    server.seedWorkbook(SUB, RG, {
      name: 'portal-workbook',
      location: 'westeurope',
      kind: 'shared',
      properties: {
        displayName: 'Mine',
        category: 'sentinel',
        sourceId: workspaceResourceId(ENV),
        serializedData: '{}',
      },
    });
    await rm(path.join(project.root, 'workbooks/teams_administration.yaml'));
    const report = await publish('test', { prune: true });
    expect(report.results.map((r) => [r.entry.role, r.status])).toEqual([['workbook', 'deleted']]);
    expect(server.workbooks(SUB, RG).map((w) => w.name)).toEqual(['portal-workbook']);
  });
});
