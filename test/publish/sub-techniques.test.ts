/**
 * Rules with sub-techniques (`relevantTechniques: [T1078.004]`): sent at api-version 2025-07-01-preview, which
 * has `subTechniques`, as a raw body through the REAL `@azure/arm-securityinsight` client's own pipeline
 * (bearer token, retries, 429 Retry-After), against the fake ARM server on 127.0.0.1. The fake server answers
 * reads at 2022-09-01-preview WITHOUT subTechniques, as the service does, so a client that read with the SDK
 * would see a change on every run.
 *
 * The 2025-07-01-preview swagger is not in ../shared/specs: the fake server validates these bodies against
 * the 2022-09-01-preview schema extended with `subTechniques: string[]` (test/build/swagger.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPublish, fingerprint, planPublish } from '../../src/publish/index.js';
import { specsPresent } from '../build/swagger.js';
import {
  ALERT_RULES_API_VERSION,
  type FakeArmServer,
  type RecordedRequest,
  SUB_TECHNIQUES_API_VERSION,
} from './fake-arm-server.js';
import { clearWorkspace, ENV, TempProject, testClient, withFakeArmServer } from './helpers.js';

const RULE_ID = 'c1d2e3f4-0000-4000-8000-0000000000b1';
const PLAIN_ID = 'c1d2e3f4-0000-4000-8000-0000000000b2';
const RULE_FILE = 'analytics/valid_accounts.yaml';

function rule(id: string, name: string, techniques: string[]): string {
  return [
    `id: ${id}`,
    `name: ${name}`,
    'description: A test rule.',
    'severity: Low',
    'queryFrequency: 5m',
    'queryPeriod: 1d',
    'triggerOperator: gt',
    'triggerThreshold: 0',
    'tactics:',
    '  - InitialAccess',
    ...(techniques.length ? ['relevantTechniques:', ...techniques.map((t) => `  - ${t}`)] : []),
    'query: |',
    '  SigninLogs',
    '  | take 1',
    'version: 1.0.0',
    'kind: Scheduled',
    '',
  ].join('\n');
}

let server: FakeArmServer;
let project: TempProject;

withFakeArmServer((started) => {
  server = started;
});
beforeEach(async () => {
  project = await TempProject.create(
    { test: { ...ENV, armEndpoint: 'https://unused.invalid' } },
    {
      [RULE_FILE]: rule(RULE_ID, 'Valid cloud accounts', ['T1078.004', 'T1087']),
      'analytics/plain.yaml': rule(PLAIN_ID, 'Plain rule', ['T1176']),
    },
  );
  server.invalidBodies.length = 0;
});
afterEach(async () => {
  server.clearFaults();
  await project.dispose();
  await clearWorkspace(server);
});

const stored = (name: string) =>
  server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace).find((r) => r.name === name)!;
const rulePuts = (from: number, name: string): RecordedRequest[] =>
  server.requests.slice(from).filter((r) => r.method === 'PUT' && r.path.endsWith(`/alertRules/${name}`));

describe('sub-techniques', () => {
  it('creates the rule with subTechniques at 2025-07-01-preview; a re-run makes no write', async () => {
    const client = testClient(server);
    const from = server.requests.length;
    const first = await applyPublish(await project.load(), 'test', { client });
    expect(first.plan.problems).toEqual([]);
    expect(Object.fromEntries(first.results.map((r) => [r.entry.name, r.status]))).toEqual({
      [RULE_ID]: 'created',
      [PLAIN_ID]: 'created',
    });
    expect(server.invalidBodies).toEqual([]);

    // The rule with a sub-technique: raw body at the newer api-version, with the token the pipeline got.
    const [put] = rulePuts(from, RULE_ID);
    expect(put).toMatchObject({ apiVersion: SUB_TECHNIQUES_API_VERSION, status: 201, authorized: true });
    expect((put!.body as { properties: Record<string, unknown> }).properties).toMatchObject({
      techniques: ['T1078', 'T1087'],
      subTechniques: ['T1078.004'],
    });
    expect(stored(RULE_ID).properties.subTechniques).toEqual(['T1078.004']);
    // The rule without: the SDK path, at the SDK's api-version, no subTechniques at all.
    const [plainPut] = rulePuts(from, PLAIN_ID);
    expect(plainPut!.apiVersion).toBe(ALERT_RULES_API_VERSION);
    expect((plainPut!.body as { properties: object }).properties).not.toHaveProperty('subTechniques');
    // Metadata stays on the SDK.
    const metadataPuts = server.requests
      .slice(from)
      .filter((r) => r.method === 'PUT' && r.path.includes('/metadata/'));
    expect(metadataPuts.map((r) => r.apiVersion)).toEqual([ALERT_RULES_API_VERSION, ALERT_RULES_API_VERSION]);

    const writes = server.writes().length;
    const again = await applyPublish(await project.load(), 'test', { client });
    expect(again.results.map((r) => [r.entry.name, r.status, r.entry.changes])).toEqual(
      expect.arrayContaining([
        [RULE_ID, 'unchanged', []],
        [PLAIN_ID, 'unchanged', []],
      ]),
    );
    expect(server.writes().length).toBe(writes);
  });

  it('reads rules at the api-version that has subTechniques (the SDK api-version would not show them)', async () => {
    const client = testClient(server);
    await applyPublish(await project.load(), 'test', { client });
    const from = server.requests.length;
    const remote = await client.listAlertRules();
    expect(remote.find((r) => r.name === RULE_ID)!.properties.subTechniques).toEqual(['T1078.004']);
    expect((await client.getAlertRule(RULE_ID))!.properties.subTechniques).toEqual(['T1078.004']);
    expect(await client.getAlertRule('c1d2e3f4-0000-4000-8000-0000000000ff')).toBeUndefined();
    const reads = server.requests.slice(from);
    expect(reads.every((r) => r.apiVersion === SUB_TECHNIQUES_API_VERSION && r.authorized)).toBe(true);
    // What the fake server (like the service) answers at the SDK's api-version: no subTechniques.
    const old = await fetchRule(RULE_ID, ALERT_RULES_API_VERSION);
    expect(old.properties).not.toHaveProperty('subTechniques');
    expect(old.properties.techniques).toEqual(['T1078', 'T1087']);
  });

  it('updates a changed sub-technique with the etag it read, and removes one the rule no longer has', async () => {
    const client = testClient(server);
    await applyPublish(await project.load(), 'test', { client });

    await project.write(RULE_FILE, rule(RULE_ID, 'Valid cloud accounts', ['T1078.003', 'T1087']));
    const plan = await planPublish(await project.load(), 'test', { client });
    const entry = plan.entries.find((e) => e.name === RULE_ID)!;
    expect(entry.action).toBe('update');
    expect(entry.changes).toEqual([
      { path: 'properties.subTechniques', before: ['T1078.004'], after: ['T1078.003'] },
    ]);
    expect(entry.drift).toBeUndefined();
    expect(plan.entries.find((e) => e.name === PLAIN_ID)!.action).toBe('unchanged');
    const etag = stored(RULE_ID).etag;
    let from = server.requests.length;
    const updated = await applyPublish(await project.load(), 'test', { client, plan });
    expect(updated.results.find((r) => r.entry.name === RULE_ID)!.status).toBe('updated');
    const [put] = rulePuts(from, RULE_ID);
    expect(put).toMatchObject({ apiVersion: SUB_TECHNIQUES_API_VERSION, status: 200 });
    expect((put!.body as { etag?: string }).etag).toBe(etag);
    expect(stored(RULE_ID).properties.subTechniques).toEqual(['T1078.003']);

    // No sub-technique left: still sent at the newer api-version, with an empty list, so the service clears it.
    await project.write(RULE_FILE, rule(RULE_ID, 'Valid cloud accounts', ['T1078', 'T1087']));
    const removal = await planPublish(await project.load(), 'test', { client });
    expect(removal.entries.find((e) => e.name === RULE_ID)!.changes).toEqual([
      { path: 'properties.subTechniques', before: ['T1078.003'], after: undefined },
    ]);
    from = server.requests.length;
    await applyPublish(await project.load(), 'test', { client, plan: removal });
    const [clear] = rulePuts(from, RULE_ID);
    expect(clear!.apiVersion).toBe(SUB_TECHNIQUES_API_VERSION);
    expect((clear!.body as { properties: Record<string, unknown> }).properties.subTechniques).toEqual([]);
    expect(server.invalidBodies).toEqual([]);

    const writes = server.writes().length;
    const last = await applyPublish(await project.load(), 'test', { client });
    expect(last.results.map((r) => r.status)).toEqual(['unchanged', 'unchanged']);
    expect(server.writes().length).toBe(writes);
  });

  it('shows sub-techniques edited in the workspace as drift, and restores them', async () => {
    const client = testClient(server);
    await applyPublish(await project.load(), 'test', { client });
    const before = stored(RULE_ID);
    server.seed(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace, {
      name: RULE_ID,
      kind: 'Scheduled',
      properties: { ...before.properties, subTechniques: ['T1078.004', 'T1078.001'] },
    });
    const plan = await planPublish(await project.load(), 'test', { client });
    const entry = plan.entries.find((e) => e.name === RULE_ID)!;
    expect(entry.changes.map((c) => c.path)).toEqual(['properties.subTechniques']);
    expect(entry.drift).toBe(true);
    await applyPublish(await project.load(), 'test', { client, plan });
    expect(stored(RULE_ID).properties.subTechniques).toEqual(['T1078.004']);
  });

  it('honours 429 Retry-After on the raw PUT and on the raw LIST (the SDK pipeline retries them)', async () => {
    server.inject({ method: 'GET', pathIncludes: '/alertRules', status: 429, retryAfterMs: 30 });
    server.inject({
      method: 'PUT',
      pathIncludes: `/alertRules/${RULE_ID}`,
      status: 429,
      retryAfterSeconds: 1,
    });
    const from = server.requests.length;
    const report = await applyPublish(await project.load(), 'test', { client: testClient(server) });
    expect(report.ok).toBe(true);
    expect(report.results.find((r) => r.entry.name === RULE_ID)!.status).toBe('created');
    const puts = rulePuts(from, RULE_ID);
    expect(puts.map((r) => [r.status, r.apiVersion])).toEqual([
      [429, SUB_TECHNIQUES_API_VERSION],
      [201, SUB_TECHNIQUES_API_VERSION],
    ]);
    expect(puts.every((r) => r.authorized)).toBe(true);
    // Retry-After: 1 means the pipeline may not come back sooner than a second later.
    expect(puts[1]!.at - puts[0]!.at).toBeGreaterThanOrEqual(990);
    const lists = server.requests
      .slice(from)
      .filter((r) => r.method === 'GET' && r.path.endsWith('/alertRules'));
    expect(lists.map((r) => r.status)).toEqual([429, 200]);
  });

  it('reports a persistent failure of the raw PUT by item, with the service message', async () => {
    server.inject({
      method: 'PUT',
      pathIncludes: `/alertRules/${RULE_ID}`,
      status: 500,
      times: Number.POSITIVE_INFINITY,
    });
    const report = await applyPublish(await project.load(), 'test', { client: testClient(server) });
    const failed = report.results.find((r) => r.entry.name === RULE_ID)!;
    expect(failed).toMatchObject({ status: 'failed', httpStatus: 500 });
    expect(failed.error).toMatch(/injected fault 500/);
    expect(report.results.find((r) => r.entry.name === PLAIN_ID)!.status).toBe('created');
  });

  it('keeps the fingerprint of a rule without sub-techniques as it was before kqlc sent them', () => {
    const properties = { displayName: 'x', query: 'T', techniques: ['T1078'] };
    expect(fingerprint('alertRule', { ...properties, subTechniques: [] })).toBe(
      fingerprint('alertRule', properties),
    );
    expect(fingerprint('alertRule', { ...properties, subTechniques: ['T1078.004'] })).not.toBe(
      fingerprint('alertRule', properties),
    );
  });
});

describe.skipIf(!specsPresent)(
  'the fake server validates raw bodies (2022-09-01-preview + subTechniques)',
  () => {
    it('answers 400 to a rule with sub-techniques whose body the schema does not allow', async () => {
      const client = testClient(server);
      const { buildAlertRule } = await import('../../src/build/alert-rule.js');
      const item = (await project.load()).items.find((i) => i.id === RULE_ID)!;
      const resource = buildAlertRule((item as import('../../src/model/content.js').AnalyticItem).doc)
        .resource!;
      await expect(
        client.putAlertRule({
          ...resource,
          properties: { ...resource.properties, severity: 'Severe' as never },
        }),
      ).rejects.toMatchObject({ statusCode: 400, code: 'BadRequest' });
      expect(server.invalidBodies.at(-1)!.errors.join()).toMatch(/severity/);
      await expect(
        client.putAlertRule({
          ...resource,
          properties: { ...resource.properties, subTechniques: [1078] as unknown as string[] },
        }),
      ).rejects.toMatchObject({ statusCode: 400 });
      expect(server.invalidBodies.at(-1)!.errors).toEqual(['/properties/subTechniques/0: must be string']);
      server.invalidBodies.length = 0;
    });
  },
);

/** A GET straight to the fake server at `apiVersion`, outside kqlc's client. */
async function fetchRule(name: string, apiVersion: string): Promise<{ properties: Record<string, unknown> }> {
  const { request } = await import('node:https');
  const url = new URL(
    `${server.url}/subscriptions/${ENV.subscriptionId}/resourceGroups/${ENV.resourceGroup}/providers/Microsoft.OperationalInsights/workspaces/${ENV.workspace}/providers/Microsoft.SecurityInsights/alertRules/${name}?api-version=${apiVersion}`,
  );
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { ca: server.ca, headers: { authorization: `Bearer ${server.token}` } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString('utf8');
        });
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
