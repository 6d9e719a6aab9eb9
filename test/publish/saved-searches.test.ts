/**
 * The whole Teams content of this repository — parser, hunting query, analytic rule — published through
 * the real `@azure/arm-operationalinsights` and `@azure/arm-securityinsight` clients to the fake ARM server.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPublish, planPublish } from '../../src/publish/index.js';
import { type FakeArmServer, SAVED_SEARCHES_API_VERSION } from './fake-arm-server.js';
import {
  clearWorkspace,
  ENV,
  repoFile,
  SIDELOADING_RULE,
  TempProject,
  testClient,
  withFakeArmServer,
} from './helpers.js';

const PARSER = 'parsers/teams/teams_data.yaml';
const HUNTING = 'hunting/teams/persistence_federated_external_members_added.yaml';

let server: FakeArmServer;
let project: TempProject;
const searches = () => server.savedSearches(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace);

withFakeArmServer((started) => {
  server = started;
});
beforeEach(async () => {
  const files: Record<string, string> = {};
  for (const f of [PARSER, HUNTING, SIDELOADING_RULE]) files[f] = await repoFile(f);
  project = await TempProject.create({ test: ENV }, files);
});
afterEach(async () => {
  await project.dispose();
  await clearWorkspace(server);
});

describe('publishing parsers and hunting queries as saved searches', () => {
  it('creates all three, the parser first; a second publish writes nothing', async () => {
    const client = testClient(server);
    const from = server.requests.length;
    const report = await applyPublish(await project.load(), 'test', { client, concurrency: 8 });
    expect(report.plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(report.results.map((r) => [r.entry.role, r.status]).sort()).toEqual([
      ['analytic', 'created'],
      ['hunting', 'created'],
      ['parser', 'created'],
    ]);
    expect(server.invalidBodies).toEqual([]);

    // Parsers go first: the rule and the hunting query call TeamsData.
    const all = server.requests.slice(from).filter((r) => r.method === 'PUT');
    expect(all).toHaveLength(6); // three items, then the metadata of each
    const puts = all.filter((r) => !r.path.includes('/metadata/'));
    expect(puts).toHaveLength(3);
    // The parser and its metadata are both written before anything that calls the parser.
    expect(all[1]!.path).toMatch(/\/metadata\/parser-/);
    const parserId = report.results.find((r) => r.entry.role === 'parser')!.entry.name;
    expect(puts[0]!.path).toMatch(new RegExp(`/savedSearches/${parserId}$`));
    expect(puts.every((p) => p.status === 200 || p.status === 201)).toBe(true);
    const searchPut = server.requests.slice(from).find((r) => r.path.includes('/savedSearches/'))!;
    expect(searchPut.apiVersion).toBe(SAVED_SEARCHES_API_VERSION);

    const stored = Object.fromEntries(searches().map((s) => [s.properties.category, s.properties]));
    expect(stored['Hunting Queries']).toMatchObject({ version: 2, tags: expect.any(Array) });
    expect(searches().find((s) => s.properties.functionAlias === 'TeamsData')).toBeDefined();

    const writes = server.writes().length;
    const again = await applyPublish(await project.load(), 'test', { client });
    expect(again.results.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(server.writes().length).toBe(writes);
  });

  it('updates only the hunting query whose query changed, sending its etag', async () => {
    const client = testClient(server);
    await applyPublish(await project.load(), 'test', { client });
    await project.edit(HUNTING, (t) => t.replace(/^query: \|\n/m, 'query: |\n  // reviewed 2026-11\n'));
    const plan = await planPublish(await project.load(), 'test', { client });
    expect(plan.entries.map((e) => [e.role, e.action]).sort()).toEqual([
      ['analytic', 'unchanged'],
      ['hunting', 'update'],
      ['parser', 'unchanged'],
    ]);
    const entry = plan.entries.find((e) => e.action === 'update')!;
    expect(entry.changes.map((c) => c.path)).toEqual(['properties.query']);
    const etag = entry.current!.etag;
    const from = server.requests.length;
    const report = await applyPublish(await project.load(), 'test', { client, plan });
    expect(report.ok).toBe(true);
    const all = server.requests.slice(from).filter((r) => r.method === 'PUT');
    // The saved search, then its metadata (which records the fingerprint of what was published).
    expect(all.map((r) => r.path.split('/').at(-2))).toEqual(['savedSearches', 'metadata']);
    const puts = all.slice(0, 1);
    expect((puts[0]!.body as { etag?: string }).etag).toBe(etag);
  });

  it('sees a tag order change by the service as no change, and a removed tag as one', async () => {
    const client = testClient(server);
    await applyPublish(await project.load(), 'test', { client });
    const hunting = searches().find((s) => s.properties.category === 'Hunting Queries')!;
    const tags = hunting.properties.tags as { name: string; value: string }[];
    server.seedSavedSearch(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace, {
      name: hunting.name,
      properties: { ...hunting.properties, tags: [...tags].reverse() },
    });
    let plan = await planPublish(await project.load(), 'test', { client });
    expect(plan.entries.every((e) => e.action === 'unchanged')).toBe(true);

    server.seedSavedSearch(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace, {
      name: hunting.name,
      properties: { ...hunting.properties, tags: tags.filter((t) => t.name !== 'tactics') },
    });
    plan = await planPublish(await project.load(), 'test', { client });
    expect(plan.entries.filter((e) => e.action === 'update').map((e) => e.role)).toEqual(['hunting']);
  });

  it('reports a saved search edited between plan and apply as a conflict', async () => {
    const client = testClient(server);
    await applyPublish(await project.load(), 'test', { client });
    await project.edit(PARSER, (t) => t.replace(/^title: .*$/m, 'title: Teams activity (renamed)'));
    const plan = await planPublish(await project.load(), 'test', { client });
    const parser = searches().find((s) => s.properties.functionAlias === 'TeamsData')!;
    server.seedSavedSearch(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace, {
      name: parser.name,
      properties: { ...parser.properties, category: 'Edited in the portal' },
    });
    const report = await applyPublish(await project.load(), 'test', { client, plan });
    expect(
      report.results.filter((r) => r.status !== 'unchanged').map((r) => [r.entry.role, r.status]),
    ).toEqual([['parser', 'conflict']]);
  });

  it('does not read saved searches for a project that has none', async () => {
    const only = await TempProject.create(
      { test: ENV },
      { [SIDELOADING_RULE]: await repoFile(SIDELOADING_RULE) },
    );
    try {
      const from = server.requests.length;
      await planPublish(await only.load(), 'test', { client: testClient(server) });
      expect(server.requests.slice(from).some((r) => r.path.includes('/savedSearches'))).toBe(false);
    } finally {
      await only.dispose();
    }
  });
});
