/**
 * Dependency order: a parser is written after the parsers it calls, all parsers before the rules and
 * hunting queries; prune deletes in the reverse order. Observed as the order of requests the fake server got.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPublish } from '../../src/publish/index.js';
import type { FakeArmServer } from './fake-arm-server.js';
import { clearWorkspace, ENV, ruleYaml, TempProject, testClient, withFakeArmServer } from './helpers.js';

const parserYaml = (id: string, name: string, query: string) =>
  [
    `id: ${id}`,
    `name: ${name}`,
    `title: ${name}`,
    'description: test parser',
    'version: 1.0.0',
    'category: Test',
    'parameters: []',
    'query: |',
    ...query.split('\n').map((l) => `  ${l}`),
    '',
  ].join('\n');

const ID = {
  base: '11111111-0000-4000-8000-000000000001',
  mid: '11111111-0000-4000-8000-000000000002',
  top: '11111111-0000-4000-8000-000000000003',
  rule: '11111111-0000-4000-8000-000000000004',
};

let server: FakeArmServer;
let project: TempProject;

withFakeArmServer((started) => {
  server = started;
});
beforeEach(async () => {
  // Files are named so that alphabetical order is the wrong order.
  project = await TempProject.create(
    { test: ENV },
    {
      'parsers/a_top.yaml': parserYaml(ID.top, 'TopParser', 'MidParser\n| where isnotempty(UserId)'),
      'parsers/b_mid.yaml': parserYaml(ID.mid, 'MidParser', 'BaseParser\n| extend Level = "mid"'),
      'parsers/c_base.yaml': parserYaml(ID.base, 'BaseParser', 'OfficeActivity\n| project UserId'),
      'analytics/rule.yaml': ruleYaml(ID.rule, 'Uses the top parser', 'TopParser\n| take 1'),
    },
  );
});
afterEach(async () => {
  await project.dispose();
  await clearWorkspace(server);
});

const itemRequests = (from: number, method: string) =>
  server.requests
    .slice(from)
    .filter((r) => r.method === method && !r.path.includes('/metadata/'))
    .map((r) => r.path.slice(r.path.lastIndexOf('/') + 1));

describe('dependency order', () => {
  it('writes BaseParser, then MidParser, then TopParser, then the rule that calls it', async () => {
    const from = server.requests.length;
    const report = await applyPublish(await project.load(), 'test', {
      client: testClient(server),
      concurrency: 8,
      sourceId: 'order',
    });
    expect(report.ok).toBe(true);
    expect(itemRequests(from, 'PUT')).toEqual([ID.base, ID.mid, ID.top, ID.rule]);
  });

  it('prunes the rule first, then TopParser, MidParser, BaseParser', async () => {
    const client = testClient(server);
    await applyPublish(await project.load(), 'test', { client, sourceId: 'order' });
    for (const f of [
      'parsers/a_top.yaml',
      'parsers/b_mid.yaml',
      'parsers/c_base.yaml',
      'analytics/rule.yaml',
    ]) {
      await rm(path.join(project.root, f));
    }
    const from = server.requests.length;
    const report = await applyPublish(await project.load(), 'test', {
      client,
      concurrency: 8,
      sourceId: 'order',
      prune: true,
    });
    expect(report.ok).toBe(true);
    expect(itemRequests(from, 'DELETE')).toEqual([ID.rule, ID.top, ID.mid, ID.base]);
  });

  it('does not let a call cycle stop the publish', async () => {
    await project.write(
      'parsers/c_base.yaml',
      parserYaml(ID.base, 'BaseParser', 'TopParser\n| project UserId'),
    );
    const report = await applyPublish(await project.load(), 'test', {
      client: testClient(server),
      sourceId: 'order',
    });
    expect(report.results.map((r) => r.status)).toEqual(['created', 'created', 'created', 'created']);
  });
});
