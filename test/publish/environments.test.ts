/**
 * Per-environment choices of kqlc.yaml (selection, rule enabled/severity, named values) applied by plan and
 * publish: one project, two environments in two workspaces of the fake ARM server, the real SDK clients.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { globToRegExp } from '../../src/config/select.js';
import {
  applyPublish,
  desiredResources,
  environmentOf,
  planToJson,
  problemDiagnostics,
  projectArmTemplates,
} from '../../src/publish/index.js';
import { jsonRecords } from '../../src/report/json.js';
import type { FakeArmServer } from './fake-arm-server.js';
import { clearWorkspace, ENV, ruleYaml, TempProject, testClient, withFakeArmServer } from './helpers.js';

const RULE_A = '11111111-1111-4111-8111-111111111111';
const RULE_B = '22222222-2222-4222-8222-222222222222';
const HUNT = '33333333-3333-4333-8333-333333333333';

const PROD = { ...ENV, workspace: 'law-prod' };
const DEV = { ...ENV, subscriptionId: '00000000-0000-0000-0000-0000000000dd', workspace: 'law-dev' };

const DOMAINS_QUERY = 'OfficeActivity\n| where UserId has_any ({{OrgDomains}})\n| take 1';

function hunting(id: string, query: string): string {
  return [
    `id: ${id}`,
    'name: Sign-ins from our domains',
    'description: test',
    'tactics: [Discovery]',
    'relevantTechniques: [T1087]',
    'query: |',
    ...query.split('\n').map((l) => `  ${l}`),
    '',
  ].join('\n');
}

function config(armEndpoint: string): string {
  return `values:
  OrgDomains: '"example.com"'
environments:
  prod:
    subscriptionId: ${PROD.subscriptionId}
    resourceGroup: ${PROD.resourceGroup}
    workspace: ${PROD.workspace}
    armEndpoint: ${armEndpoint}
    exclude:
      - path: analytics/experimental
    rules:
      overrides:
        ${RULE_A}: { severity: High }
    values:
      OrgDomains: '"contoso.com","fabrikam.com"'
  dev:
    subscriptionId: ${DEV.subscriptionId}
    resourceGroup: ${DEV.resourceGroup}
    workspace: ${DEV.workspace}
    armEndpoint: ${armEndpoint}
    include:
      - kind: analytic
    rules:
      enabled: false
      overrides:
        ${RULE_B}: { enabled: true }
    values:
      OrgDomains: '"dev.contoso.com"'
`;
}

let server: FakeArmServer;
let project: TempProject;

withFakeArmServer((started) => {
  server = started;
});
beforeEach(async () => {
  project = await TempProject.create(
    {},
    {
      'analytics/identity/a.yaml': ruleYaml(RULE_A, 'Rule A', DOMAINS_QUERY),
      'analytics/experimental/b.yaml': ruleYaml(RULE_B, 'Rule B'),
      'hunting/h.yaml': hunting(HUNT, DOMAINS_QUERY),
    },
  );
  await project.write('kqlc.yaml', config(server.url));
});
afterEach(async () => {
  await project.dispose();
  await clearWorkspace(server, PROD);
  await clearWorkspace(server, DEV);
});

const rulesOf = (env: typeof ENV) =>
  Object.fromEntries(
    server.rules(env.subscriptionId, env.resourceGroup, env.workspace).map((r) => [r.name, r.properties]),
  );
const searchesOf = (env: typeof ENV) =>
  server.savedSearches(env.subscriptionId, env.resourceGroup, env.workspace).map((s) => s.properties);

describe('two environments from one kqlc.yaml', () => {
  it('publishes to each workspace what its environment selects, with its severity, enabled and values', async () => {
    const loaded = await project.load();
    expect(loaded.diagnostics).toEqual([]);
    const prod = await applyPublish(loaded, 'prod', { client: testClient(server, PROD) });
    const dev = await applyPublish(loaded, 'dev', { client: testClient(server, DEV) });
    expect(prod.plan.problems).toEqual([]);
    expect(dev.plan.problems).toEqual([]);
    expect(prod.ok && dev.ok).toBe(true);
    expect(server.invalidBodies).toEqual([]);

    // prod: rule A (High, enabled as written) and the hunting query; rule B is excluded by path.
    const prodRules = rulesOf(PROD);
    expect(Object.keys(prodRules)).toEqual([RULE_A]);
    expect(prodRules[RULE_A]).toMatchObject({
      severity: 'High',
      enabled: true,
      query: 'OfficeActivity\n| where UserId has_any ("contoso.com","fabrikam.com")\n| take 1\n',
    });
    expect(searchesOf(PROD)).toEqual([
      expect.objectContaining({
        category: 'Hunting Queries',
        query: 'OfficeActivity\n| where UserId has_any ("contoso.com","fabrikam.com")\n| take 1\n',
      }),
    ]);

    // dev: both rules (analytic only), every rule disabled except B; severity as written; dev's values.
    const devRules = rulesOf(DEV);
    expect(Object.keys(devRules).sort()).toEqual([RULE_A, RULE_B]);
    expect(devRules[RULE_A]).toMatchObject({
      severity: 'Low',
      enabled: false,
      query: 'OfficeActivity\n| where UserId has_any ("dev.contoso.com")\n| take 1\n',
    });
    expect(devRules[RULE_B]).toMatchObject({ severity: 'Low', enabled: true });
    expect(searchesOf(DEV)).toEqual([]);

    // The request bodies each workspace received say the same.
    const putBody = (ws: string, name: string) =>
      server.requests.find(
        (r) =>
          r.method === 'PUT' &&
          r.path.includes(`/workspaces/${ws}/`) &&
          r.path.endsWith(`/alertRules/${name}`),
      )?.body as { properties: Record<string, unknown> };
    expect(putBody('law-prod', RULE_A).properties).toMatchObject({ severity: 'High', enabled: true });
    expect(putBody('law-dev', RULE_A).properties).toMatchObject({ severity: 'Low', enabled: false });

    // Publishing again changes nothing in either workspace.
    const writes = server.writes().length;
    const again = await project.load();
    for (const [name, env] of [
      ['prod', PROD],
      ['dev', DEV],
    ] as const) {
      const report = await applyPublish(again, name, { client: testClient(server, env) });
      expect(report.results.every((r) => r.status === 'unchanged')).toBe(true);
    }
    expect(server.writes().length).toBe(writes);
  });

  it('prunes from an environment what its selection no longer includes, and only there', async () => {
    const loaded = await project.load();
    await applyPublish(loaded, 'prod', { client: testClient(server, PROD), sourceId: 'p' });
    await applyPublish(loaded, 'dev', { client: testClient(server, DEV), sourceId: 'p' });
    await project.edit('kqlc.yaml', (t) =>
      t.replace(
        '      - path: analytics/experimental',
        '      - path: analytics/experimental\n      - kind: hunting',
      ),
    );
    const report = await applyPublish(await project.load(), 'prod', {
      client: testClient(server, PROD),
      sourceId: 'p',
      prune: true,
    });
    expect(report.results.map((r) => [r.entry.role, r.entry.action, r.status]).sort()).toEqual([
      ['analytic', 'unchanged', 'unchanged'],
      ['hunting', 'delete', 'deleted'],
    ]);
    expect(searchesOf(PROD)).toEqual([]);
    expect(Object.keys(rulesOf(DEV)).sort()).toEqual([RULE_A, RULE_B]);
  });

  it('blocks an environment without a value for a name its items use, naming file, line and column', async () => {
    await project.edit('kqlc.yaml', (t) => t.replace(`values:\n  OrgDomains: '"example.com"'\n`, ''));
    await project.edit('kqlc.yaml', (t) =>
      t.replace(`    values:\n      OrgDomains: '"dev.contoso.com"'\n`, ''),
    );
    const loaded = await project.load();
    const { problems } = desiredResources(loaded, environmentOf(loaded, 'dev'));
    expect(problems).toEqual([
      {
        severity: 'error',
        file: 'analytics/identity/a.yaml',
        contentId: RULE_A,
        path: 'query',
        line: 16,
        column: 27,
        code: 'KQLC6002',
        message: "named value 'OrgDomains' has no value in environment 'dev'",
      },
    ]);
    const report = await applyPublish(loaded, 'dev', { client: testClient(server, DEV) });
    expect(report.blocked).toBe(true);
    expect(rulesOf(DEV)).toEqual({});
    // prod has its own value: not blocked.
    expect(desiredResources(loaded, environmentOf(loaded, 'prod')).problems).toEqual([]);
  });

  it('warns about a rule override naming no rule of the project', async () => {
    await project.edit('kqlc.yaml', (t) =>
      t.replace(
        `        ${RULE_B}: { enabled: true }`,
        '        99999999-9999-4999-8999-999999999999: { enabled: true }',
      ),
    );
    const loaded = await project.load();
    expect(desiredResources(loaded, environmentOf(loaded, 'dev')).problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        file: 'kqlc.yaml',
        code: 'KQLC6003',
        message:
          "environment 'dev' overrides rule 99999999-9999-4999-8999-999999999999, which the project does not have",
      }),
    ]);
  });

  it("builds ARM templates with an environment's choices, the workspace still a parameter", async () => {
    const loaded = await project.load();
    const dev = projectArmTemplates(loaded, { environment: environmentOf(loaded, 'dev') });
    expect(dev.items.map((i) => i.name).sort()).toEqual([RULE_A, RULE_B]);
    const rule = dev.project.resources.find((r) => String(r.name).includes(RULE_A)) as {
      properties: Record<string, unknown>;
    };
    expect(rule.properties).toMatchObject({
      enabled: false,
      query: expect.stringContaining('"dev.contoso.com"'),
    });
    // Without an environment: every item, the project-wide values.
    const all = projectArmTemplates(loaded);
    expect(all.items.map((i) => i.name).sort()).toEqual([RULE_A, RULE_B, HUNT]);
    expect(JSON.stringify(all.project)).toContain('\\"example.com\\"');
    expect(JSON.stringify(all.project)).not.toContain('{{OrgDomains}}');
  });
});

describe('publish problems as diagnostics', () => {
  it('gives each problem a code and the position of its field, in the JSON records of kqlc check', async () => {
    const broken = '44444444-4444-4444-8444-444444444444';
    await project.write('analytics/broken.yaml', ruleYaml(broken, 'Broken').replace('5m', '5 minutes'));
    await project.write('analytics/twin.yaml', ruleYaml(RULE_A, 'Twin'));
    const loaded = await project.load();
    const { problems } = desiredResources(loaded, environmentOf(loaded, 'dev'));
    const records = jsonRecords(problemDiagnostics(problems));
    expect(records).toEqual(
      expect.arrayContaining([
        {
          file: 'analytics/broken.yaml',
          line: 6,
          column: 17,
          endLine: 6,
          endColumn: 17,
          severity: 'error',
          code: 'KQLC6004',
          message: "queryFrequency: '5 minutes' is not a duration such as 5m, 1h, 14d or PT5M",
          contentId: broken,
        },
        expect.objectContaining({ file: 'analytics/twin.yaml', line: 1, column: 5, code: 'KQLC4002' }),
      ]),
    );
    // The plan's JSON carries the same records.
    const plan = { environment: 'dev', target: environmentOf(loaded, 'dev'), entries: [], problems };
    expect((planToJson(plan) as { diagnostics: unknown }).diagnostics).toEqual(records);
  });
});

describe('path globs of include/exclude', () => {
  it('match folders, ** across folders, * within a name, and {a,b}', () => {
    const m = (glob: string, file: string) => globToRegExp(glob).test(file);
    expect(m('analytics/identity', 'analytics/identity/x/a.yaml')).toBe(true);
    expect(m('analytics/identity', 'analytics/identity2/a.yaml')).toBe(false);
    expect(m('**/experimental/**', 'analytics/teams/experimental/a.yaml')).toBe(true);
    expect(m('analytics/*.yaml', 'analytics/a.yaml')).toBe(true);
    expect(m('analytics/*.yaml', 'hunting/a.yaml')).toBe(false);
    expect(m('{analytics,hunting}/teams/**', 'hunting/teams/a.yaml')).toBe(true);
    expect(m('analytics/a?.yaml', 'analytics/ab.yaml')).toBe(true);
    expect(m('analytics/a.yaml', 'analytics/aXyaml')).toBe(false);
  });
});
