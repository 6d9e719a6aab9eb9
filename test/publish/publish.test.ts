/**
 * Publishing through the REAL `@azure/arm-securityinsight` client (its whole pipeline: bearer token,
 * serializer, paging, retries) against the fake ARM server on 127.0.0.1.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnalyticItem } from '../../src/model/content.js';
import { applyPublish, planPublish } from '../../src/publish/index.js';
import { specsPresent } from '../build/swagger.js';
import { ALERT_RULES_API_VERSION, FakeArmServer, SUB_TECHNIQUES_API_VERSION } from './fake-arm-server.js';
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

const RULE_ID = '7e5738cb-ddc9-458f-9eec-b888025a3eb0';
const OTHER_ID = 'c1d2e3f4-0000-4000-8000-000000000001';

let server: FakeArmServer;
let project: TempProject;

withFakeArmServer((started) => {
  server = started;
});
beforeEach(async () => {
  project = await TempProject.create(
    { test: { ...ENV, armEndpoint: 'https://unused.invalid' } },
    {
      [SIDELOADING_RULE]: await repoFile(SIDELOADING_RULE),
    },
  );
});
afterEach(async () => {
  await project.dispose();
  // Each test gets an empty workspace of its own.
  await clearWorkspace(server);
});

/** PUTs of alert rules (each create is followed by a PUT of its metadata, not counted here). */
const putCount = () =>
  server.requests.filter((r) => r.method === 'PUT' && r.status !== 'reset' && r.path.includes('/alertRules/'))
    .length;

describe('publish to the fake ARM server through the real SDK client', () => {
  it('creates the rule, then a second publish makes no write, then a query change is one update', async () => {
    const client = testClient(server);
    const first = await applyPublish(await project.load(), 'test', { client });
    expect(first.plan.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(first.results.map((r) => [r.entry.name, r.status])).toEqual([[RULE_ID, 'created']]);
    expect(first.ok).toBe(true);

    const stored = server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.name).toBe(RULE_ID);
    expect(stored[0]!.kind).toBe('Scheduled');
    expect(stored[0]!.properties).toMatchObject({
      displayName: 'Teams custom app sideloading allowed for the tenant',
      queryFrequency: 'PT1H',
      queryPeriod: 'PT1H',
      triggerOperator: 'GreaterThan',
      tactics: ['Persistence'],
      enabled: true,
    });
    expect(server.invalidBodies).toEqual([]);

    const writesBefore = server.writes().length;
    const second = await applyPublish(await project.load(), 'test', { client });
    expect(second.results.map((r) => r.status)).toEqual(['unchanged']);
    expect(server.writes().length).toBe(writesBefore);

    await project.edit(SIDELOADING_RULE, (t) =>
      t.replace(
        '  | where TimeGenerated > ago(1h)\n',
        '  | where TimeGenerated > ago(1h)\n  | where isnotempty(UserId)\n',
      ),
    );
    const plan = await planPublish(await project.load(), 'test', { client });
    expect(plan.problems).toEqual([]);
    expect(plan.entries.map((e) => e.action)).toEqual(['update']);
    expect(plan.entries[0]!.changes.map((c) => c.path)).toEqual(['properties.query']);
    // A change in the project is not drift: the workspace still holds what was last published.
    expect(plan.entries[0]!.drift).toBeUndefined();
    const etagBefore = stored[0]!.etag;
    const puts = putCount();
    const third = await applyPublish(await project.load(), 'test', { client, plan });
    expect(third.results.map((r) => r.status)).toEqual(['updated']);
    expect(putCount()).toBe(puts + 1);
    const update = server.requests
      .filter((r) => r.method === 'PUT' && r.path.includes('/alertRules/'))
      .at(-1)!;
    expect((update.body as { etag?: string }).etag).toBe(etagBefore);
    expect(server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace)[0]!.properties.query).toContain(
      '| where isnotempty(UserId)',
    );
  });

  it('sends a bearer token for the endpoint, the SDK api-version for writes, and only to 127.0.0.1', async () => {
    const credential = server.credential();
    const { createSentinelClient } = await import('../../src/publish/sentinel-client.js');
    const client = createSentinelClient({ ...ENV, armEndpoint: server.url }, credential, {
      tlsOptions: { ca: server.ca },
    });
    const from = server.requests.length;
    await applyPublish(await project.load(), 'test', { client });
    const mine = server.requests.slice(from);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((r) => r.authorized)).toBe(true);
    // Rules are read at the api-version that has subTechniques; a rule without any is written by the SDK, at
    // its own api-version, as is metadata.
    const ruleList = mine.filter((r) => r.method === 'GET' && r.path.endsWith('/alertRules'));
    expect(ruleList.map((r) => r.apiVersion)).toEqual([SUB_TECHNIQUES_API_VERSION]);
    expect(mine.filter((r) => r !== ruleList[0]).every((r) => r.apiVersion === ALERT_RULES_API_VERSION)).toBe(
      true,
    );
    expect(mine.filter((r) => r.method === 'PUT').length).toBe(2);
    expect(credential.scopes[0]).toEqual([`${server.url}/.default`]);
  });

  it('lists across pages and leaves rules it does not describe alone', async () => {
    for (let i = 0; i < 5; i++) {
      server.seed(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace, {
        name: `foreign-${i}`,
        kind: 'Scheduled',
        properties: { displayName: `Portal rule ${i}`, query: 'SigninLogs', enabled: true },
      });
    }
    const client = testClient(server);
    const from = server.requests.length;
    const report = await applyPublish(await project.load(), 'test', { client });
    expect(report.results.map((r) => r.status)).toEqual(['created']);
    const lists = server.requests
      .slice(from)
      .filter((r) => r.method === 'GET' && r.path.endsWith('/alertRules'));
    expect(lists.length).toBe(3); // 5 foreign rules, page size 2
    expect(server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace)).toHaveLength(6);
    const rulePuts = server.requests
      .slice(from)
      .filter((w) => w.method === 'PUT' && w.path.includes('/alertRules/'));
    expect(rulePuts.map((w) => w.path)).toEqual([
      expect.stringMatching(new RegExp(`/alertRules/${RULE_ID}$`)),
    ]);
  });

  it('treats fields the service adds or rewrites as no change', async () => {
    const rewriting = await FakeArmServer.start({
      // A service that writes durations its own way and adds a field kqlc does not send.
      rewrite: (p) => ({
        ...p,
        queryPeriod: 'PT60M',
        suppressionDuration: 'PT300M',
        alertRuleTemplateName: 'x',
      }),
    });
    try {
      const client = testClient(rewriting);
      await applyPublish(await project.load(), 'test', { client });
      const again = await planPublish(await project.load(), 'test', { client });
      expect(again.entries.map((e) => [e.action, e.changes])).toEqual([['unchanged', []]]);
    } finally {
      await rewriting.close();
    }
  });

  it('shows a portal edit as an update with the field that differs, and restores it', async () => {
    const client = testClient(server);
    await applyPublish(await project.load(), 'test', { client });
    const [stored] = server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace);
    server.seed(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace, {
      name: stored!.name,
      kind: 'Scheduled',
      properties: {
        ...stored!.properties,
        severity: 'High',
        customDetails: { ...(stored!.properties.customDetails as object), Extra: 'UserId' },
      },
    });
    const plan = await planPublish(await project.load(), 'test', { client });
    expect(plan.entries[0]!.action).toBe('update');
    // The workspace no longer holds what was last published: someone edited it.
    expect(plan.entries[0]!.drift).toBe(true);
    expect(plan.entries[0]!.changes).toEqual([
      { path: 'properties.severity', before: 'High', after: 'Medium' },
      { path: 'properties.customDetails.Extra', before: 'UserId', after: undefined },
    ]);
    await applyPublish(await project.load(), 'test', { client, plan });
    const restored = server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace)[0]!;
    expect(restored.properties.severity).toBe('Medium');
    expect(restored.properties.customDetails).not.toHaveProperty('Extra');
  });

  it('reports a rule changed between plan and apply as a conflict, and does not overwrite it', async () => {
    const client = testClient(server);
    await applyPublish(await project.load(), 'test', { client });
    await project.edit(SIDELOADING_RULE, (t) => t.replace('severity: Medium', 'severity: Low'));
    const plan = await planPublish(await project.load(), 'test', { client });
    expect(plan.entries[0]!.action).toBe('update');
    // Someone edits the rule in the portal after the plan was read: the etag changes.
    const [stored] = server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace);
    server.seed(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace, {
      name: stored!.name,
      kind: 'Scheduled',
      properties: { ...stored!.properties, displayName: 'Edited in the portal' },
    });
    const report = await applyPublish(await project.load(), 'test', { client, plan });
    expect(report.results.map((r) => [r.status, r.httpStatus])).toEqual([['conflict', 409]]);
    expect(report.ok).toBe(false);
    expect(
      server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace)[0]!.properties.displayName,
    ).toBe('Edited in the portal');
  });

  it('with force, overwrites a rule changed between plan and apply', async () => {
    const client = testClient(server);
    await applyPublish(await project.load(), 'test', { client });
    await project.edit(SIDELOADING_RULE, (t) => t.replace('severity: Medium', 'severity: Low'));
    const plan = await planPublish(await project.load(), 'test', { client });
    const [stored] = server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace);
    server.seed(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace, {
      name: stored!.name,
      kind: 'Scheduled',
      properties: { ...stored!.properties, displayName: 'Edited in the portal' },
    });
    const report = await applyPublish(await project.load(), 'test', { client, plan, force: true });
    expect(report.results.map((r) => r.status)).toEqual(['updated']);
    const after = server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace)[0]!.properties;
    expect(after.severity).toBe('Low');
    expect(after.displayName).toBe('Teams custom app sideloading allowed for the tenant');
  });

  it('replaces a rule whose kind changes (delete, then create)', async () => {
    const client = testClient(server);
    await applyPublish(await project.load(), 'test', { client });
    await project.edit(SIDELOADING_RULE, (t) =>
      t
        .replace(/^queryFrequency:.*\n/m, '')
        .replace(/^queryPeriod:.*\n/m, '')
        .replace(/^triggerOperator:.*\n/m, '')
        .replace(/^triggerThreshold:.*\n/m, '')
        .replace(/^kind: Scheduled$/m, 'kind: NRT'),
    );
    const report = await applyPublish(await project.load(), 'test', { client });
    expect(report.plan.entries[0]!.action).toBe('replace');
    expect(report.results.map((r) => r.status)).toEqual(['replaced']);
    expect(server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace).map((r) => r.kind)).toEqual([
      'NRT',
    ]);
    expect(server.invalidBodies).toEqual([]);
  });

  it('writes nothing when a rule cannot be built, and names the problem', async () => {
    await project.write('analytics/broken.yaml', ruleYaml(OTHER_ID, 'Broken').replace('5m', '5 minutes'));
    const client = testClient(server);
    const report = await applyPublish(await project.load(), 'test', { client });
    expect(report.blocked).toBe(true);
    expect(report.results).toEqual([]);
    expect(report.plan.problems).toContainEqual(
      expect.objectContaining({ severity: 'error', file: 'analytics/broken.yaml', path: 'queryFrequency' }),
    );
    expect(server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace)).toEqual([]);
  });

  it('writes nothing when a file does not load, even if it yields no item at all', async () => {
    const client = testClient(server);
    await project.edit(SIDELOADING_RULE, (t) =>
      t.replace('  OfficeActivity\n', '  OfficeActivity\n| where true\n'),
    );
    const report = await applyPublish(await project.load(), 'test', { client });
    expect(report.blocked).toBe(true);
    expect(report.plan.entries).toEqual([]);
    expect(report.plan.problems[0]).toMatchObject({
      severity: 'error',
      file: SIDELOADING_RULE,
      code: 'KQLC1002',
    });
    expect(server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace)).toEqual([]);
  });

  it('refuses an unknown environment', async () => {
    await expect(planPublish(await project.load(), 'prod', { client: testClient(server) })).rejects.toThrow(
      /unknown environment 'prod'; kqlc.yaml defines test/,
    );
  });
});

describe('bounded concurrency', () => {
  it('keeps at most --concurrency writes in flight, and does use them', async () => {
    for (let i = 0; i < 6; i++) {
      await project.write(
        `analytics/r${i}.yaml`,
        ruleYaml(`c1d2e3f4-0000-4000-8000-00000000010${i}`, `Rule ${i}`),
      );
    }
    // Every PUT waits, so the writes of a batch overlap if they can.
    server.inject({ method: 'PUT', delayMs: 40, times: Number.POSITIVE_INFINITY });
    server.resetInFlight();
    try {
      const report = await applyPublish(await project.load(), 'test', {
        client: testClient(server),
        concurrency: 3,
      });
      expect(report.results.filter((r) => r.status === 'created')).toHaveLength(7);
      expect(server.maxInFlight.get('PUT')).toBe(3);
    } finally {
      server.clearFaults();
    }
  });
});

describe('faults: the SDK pipeline retries, publish reports what still fails', () => {
  it('honours 429 Retry-After on a write and then succeeds', async () => {
    server.inject({ method: 'PUT', status: 429, retryAfterSeconds: 1 });
    const report = await applyPublish(await project.load(), 'test', { client: testClient(server) });
    expect(report.results.map((r) => r.status)).toEqual(['created']);
    const puts = server.requests
      .filter((r) => r.method === 'PUT' && r.path.includes('/alertRules/'))
      .slice(-2);
    expect(puts.map((r) => r.status)).toEqual([429, 201]);
    // Retry-After: 1 means the SDK may not come back sooner than a second later.
    expect(puts[1]!.at - puts[0]!.at).toBeGreaterThanOrEqual(990);
  });

  it.each([
    ['500', { status: 500 }],
    ['503 with retry-after-ms', { status: 503, retryAfterMs: 10 }],
    ['a connection reset', { reset: true }],
  ])('retries after %s on the list and on the write', async (_name, fault) => {
    server.inject({ method: 'GET', ...fault });
    server.inject({ method: 'PUT', ...fault });
    const report = await applyPublish(await project.load(), 'test', { client: testClient(server) });
    expect(report.results.map((r) => r.status)).toEqual(['created']);
    expect(server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace)).toHaveLength(1);
  });

  it('reports a persistent failure by item, publishes the rest, and a re-run finishes the job', async () => {
    await project.write('analytics/discovery.yaml', ruleYaml(OTHER_ID, 'Discovery rule'));
    server.inject({ method: 'PUT', pathIncludes: OTHER_ID, status: 500, times: Number.POSITIVE_INFINITY });
    const client = testClient(server);
    const first = await applyPublish(await project.load(), 'test', { client, concurrency: 1 });
    expect(first.ok).toBe(false);
    const byName = Object.fromEntries(first.results.map((r) => [r.entry.name, r.status]));
    expect(byName).toEqual({ [RULE_ID]: 'created', [OTHER_ID]: 'failed' });
    expect(first.results.find((r) => r.status === 'failed')!.error).toMatch(/injected fault 500/);

    server.clearFaults();
    const second = await applyPublish(await project.load(), 'test', { client });
    expect(Object.fromEntries(second.results.map((r) => [r.entry.name, r.status]))).toEqual({
      [RULE_ID]: 'unchanged',
      [OTHER_ID]: 'created',
    });
    expect(second.ok).toBe(true);
  });

  it('fails with the service message when the token is refused', async () => {
    const client = (await import('../../src/publish/sentinel-client.js')).createSentinelClient(
      { ...ENV, armEndpoint: server.url },
      { getToken: async () => ({ token: 'wrong', expiresOnTimestamp: Date.now() + 3_600_000 }) },
      { tlsOptions: { ca: server.ca } },
    );
    await expect(planPublish(await project.load(), 'test', { client })).rejects.toMatchObject({
      statusCode: 401,
    });
  });
});

describe.skipIf(!specsPresent)('the fake server validates PUT bodies against the swagger', () => {
  it('answers 400 to a body the spec does not allow', async () => {
    const client = testClient(server);
    const { buildAlertRule } = await import('../../src/build/alert-rule.js');
    const project2 = await project.load();
    const item = project2.items.find((i) => i.kind === 'analytic')!;
    const resource = buildAlertRule((item as AnalyticItem).doc).resource!;
    await expect(
      client.putAlertRule({
        ...resource,
        properties: { ...resource.properties, severity: 'Severe' as never },
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
    expect(server.invalidBodies.at(-1)!.errors.join()).toMatch(/severity/);
    server.invalidBodies.length = 0;
  });
});
