/**
 * Sentinel metadata marks what this project published; prune deletes exactly that when it leaves the
 * project, and nothing else: not portal rules, not another project's, not another workspace's.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemResourceId } from '../../src/build/metadata.js';
import { applyPublish, planPublish } from '../../src/publish/index.js';
import type { FakeArmServer } from './fake-arm-server.js';
import {
  clearWorkspace,
  ENV,
  repoFile,
  ruleYaml,
  SIDELOADING_RULE,
  TempProject,
  testClient,
  withFakeArmServer,
} from './helpers.js';

const PARSER = 'parsers/teams/teams_data.yaml';
const HUNTING = 'hunting/teams/persistence_federated_external_members_added.yaml';
const RULE_ID = '7e5738cb-ddc9-458f-9eec-b888025a3eb0';
const SOURCE = 'contoso-soc-content';

let server: FakeArmServer;
let project: TempProject;
const { subscriptionId: SUB, resourceGroup: RG, workspace: WS } = ENV;

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

const publish = async (options: { prune?: boolean } = {}) =>
  applyPublish(await project.load(), 'test', { client: testClient(server), sourceId: SOURCE, ...options });

describe('metadata', () => {
  it('records content id, parent, kind, version and this project as source, for each item', async () => {
    const report = await publish();
    expect(report.ok).toBe(true);
    const metadata = server.metadata(SUB, RG, WS).map((m) => m.properties);
    expect(metadata).toHaveLength(3);
    const rule = metadata.find((m) => m.kind === 'AnalyticsRule')!;
    expect(rule).toMatchObject({
      contentId: RULE_ID,
      parentId: itemResourceId(ENV, 'alertRule', RULE_ID),
      source: { kind: 'SourceRepository', name: 'kqlc', sourceId: SOURCE },
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
    });
    expect(metadata.map((m) => m.kind).sort()).toEqual(['AnalyticsRule', 'HuntingQuery', 'Parser']);
    // The metadata name follows Sentinel's own convention.
    expect(server.metadata(SUB, RG, WS).map((m) => m.name)).toContain(`analyticsrule-${RULE_ID}`);
  });

  it('writes only the missing metadata of an item that is otherwise unchanged', async () => {
    await publish();
    const client = testClient(server);
    await client.deleteMetadata(`analyticsrule-${RULE_ID}`);
    const from = server.requests.length;
    const report = await publish();
    const writes = server.requests.slice(from).filter((r) => r.method === 'PUT');
    expect(writes.map((w) => w.path.split('/').slice(-2).join('/'))).toEqual([
      `metadata/analyticsrule-${RULE_ID}`,
    ]);
    expect(report.results.find((r) => r.entry.name === RULE_ID)!.status).toBe('updated');
  });
});

describe('prune', () => {
  it('deletes an item removed from the project, with its metadata; without --prune it stays', async () => {
    await publish();
    await rm(path.join(project.root, SIDELOADING_RULE));

    const withoutPrune = await planPublish(await project.load(), 'test', {
      client: testClient(server),
      sourceId: SOURCE,
    });
    expect(withoutPrune.entries.some((e) => e.action === 'delete')).toBe(false);

    const plan = await planPublish(await project.load(), 'test', {
      client: testClient(server),
      sourceId: SOURCE,
      prune: true,
    });
    expect(plan.entries.filter((e) => e.action === 'delete').map((e) => [e.role, e.name])).toEqual([
      ['analytic', RULE_ID],
    ]);
    const report = await publish({ prune: true });
    expect(report.results.filter((r) => r.status === 'deleted').map((r) => r.entry.name)).toEqual([RULE_ID]);
    expect(server.rules(SUB, RG, WS)).toEqual([]);
    expect(
      server
        .metadata(SUB, RG, WS)
        .map((m) => m.properties.kind)
        .sort(),
    ).toEqual(['HuntingQuery', 'Parser']);
  });

  it('never deletes what the project does not own', async () => {
    await publish();
    const foreignRule = (name: string) =>
      server.seed(SUB, RG, WS, {
        name,
        kind: 'Scheduled',
        properties: { displayName: name, query: 'SigninLogs' },
      });
    // 1. a rule made in the portal, with no metadata at all
    foreignRule('portal-rule');
    // 2. a rule another kqlc project published
    foreignRule('other-project-rule');
    server.seedMetadata(SUB, RG, WS, {
      name: 'analyticsrule-other-project-rule',
      properties: {
        contentId: 'other-project-rule',
        parentId: itemResourceId(ENV, 'alertRule', 'other-project-rule'),
        kind: 'AnalyticsRule',
        source: { kind: 'SourceRepository', name: 'kqlc', sourceId: 'someone-else' },
      },
    });
    // 3. a rule from a solution (Content hub)
    foreignRule('solution-rule');
    server.seedMetadata(SUB, RG, WS, {
      name: 'analyticsrule-solution-rule',
      properties: {
        contentId: 'solution-rule',
        parentId: itemResourceId(ENV, 'alertRule', 'solution-rule'),
        kind: 'AnalyticsRule',
        source: {
          kind: 'Solution',
          name: 'Microsoft Teams',
          sourceId: 'azuresentinel.azure-sentinel-solution-teams',
        },
      },
    });
    // 4. our source, but pointing into another workspace: not ours to delete from here
    server.seedMetadata(SUB, RG, WS, {
      name: 'analyticsrule-elsewhere',
      properties: {
        contentId: 'elsewhere',
        parentId: itemResourceId({ ...ENV, workspace: 'law-other' }, 'alertRule', 'elsewhere'),
        kind: 'AnalyticsRule',
        source: { kind: 'SourceRepository', name: 'kqlc', sourceId: SOURCE },
      },
    });
    // 5. a saved search (a solution's parser) with no metadata
    server.seedSavedSearch(SUB, RG, WS, {
      name: 'solution-parser',
      properties: {
        category: 'Microsoft Sentinel Parser',
        displayName: 'x',
        query: 'T',
        functionAlias: 'X',
        version: 2,
      },
    });

    // Everything of the project is removed: prune may delete only the project's own three items.
    for (const f of [SIDELOADING_RULE, HUNTING, PARSER]) await rm(path.join(project.root, f));
    const report = await publish({ prune: true });
    expect(report.ok).toBe(true);
    expect(report.results.map((r) => [r.entry.role, r.status]).sort()).toEqual([
      ['analytic', 'deleted'],
      ['hunting', 'deleted'],
      ['parser', 'deleted'],
    ]);
    expect(
      server
        .rules(SUB, RG, WS)
        .map((r) => r.name)
        .sort(),
    ).toEqual(['other-project-rule', 'portal-rule', 'solution-rule']);
    expect(server.savedSearches(SUB, RG, WS).map((s) => s.name)).toEqual(['solution-parser']);
    expect(
      server
        .metadata(SUB, RG, WS)
        .map((m) => m.name)
        .sort(),
    ).toEqual(['analyticsrule-elsewhere', 'analyticsrule-other-project-rule', 'analyticsrule-solution-rule']);
  });

  it('deletes rules and hunting queries before the parsers they call', async () => {
    await publish();
    for (const f of [SIDELOADING_RULE, HUNTING, PARSER]) await rm(path.join(project.root, f));
    const from = server.requests.length;
    await publish({ prune: true });
    const deletes = server.requests
      .slice(from)
      .filter((r) => r.method === 'DELETE' && !r.path.includes('/metadata/'))
      .map((r) => (r.path.includes('/alertRules/') ? 'rule' : 'search'));
    expect(deletes).toHaveLength(3);
    const parserPath = server.requests
      .slice(from)
      .find((r) => r.method === 'DELETE' && /savedSearches\/7829d532/.test(r.path));
    expect(
      server.requests
        .slice(from)
        .filter((r) => r.method === 'DELETE')
        .at(-2),
    ).toBe(parserPath);
  });

  it('is repeatable: after a failed delete, the metadata still marks the item and a re-run finishes', async () => {
    await publish();
    await rm(path.join(project.root, SIDELOADING_RULE));
    server.inject({
      method: 'DELETE',
      pathIncludes: `/alertRules/${RULE_ID}`,
      status: 500,
      times: Number.POSITIVE_INFINITY,
    });
    const first = await publish({ prune: true });
    expect(first.ok).toBe(false);
    expect(server.metadata(SUB, RG, WS).some((m) => m.name === `analyticsrule-${RULE_ID}`)).toBe(true);
    server.clearFaults();
    const second = await publish({ prune: true });
    expect(second.ok).toBe(true);
    expect(server.rules(SUB, RG, WS)).toEqual([]);
  });

  it('a second project in the same workspace does not prune the first', async () => {
    await publish();
    const other = await TempProject.create(
      { test: ENV },
      { 'analytics/x.yaml': ruleYaml('c1d2e3f4-0000-4000-8000-0000000000cc', 'X') },
    );
    try {
      const report = await applyPublish(await other.load(), 'test', {
        client: testClient(server),
        sourceId: 'second-project',
        prune: true,
      });
      expect(report.results.map((r) => r.status)).toEqual(['created']);
      expect(server.rules(SUB, RG, WS)).toHaveLength(2);
    } finally {
      await other.dispose();
    }
  });
});
