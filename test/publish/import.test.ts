/**
 * `kqlc import`: a workspace of the fake ARM server (content this repository publishes, plus things made in
 * the portal) read through the real SDK clients and written as kqlc files, which then check cleanly and
 * publish back to the same workspace without changing any resource field.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkProject } from '../../src/check/check-project.js';
import { importCommand } from '../../src/cli/commands/import.js';
import type { CliIO } from '../../src/cli/io.js';
import { loadProject } from '../../src/load/project.js';
import { shortDuration, slug } from '../../src/publish/import.js';
import { applyPublish, createSentinelClient, planPublish } from '../../src/publish/index.js';
import type { FakeArmServer } from './fake-arm-server.js';
import {
  clearWorkspace,
  ENV,
  repoFile,
  SIDELOADING_RULE,
  TempProject,
  testClient,
  testClientOptions,
  withFakeArmServer,
} from './helpers.js';

const PARSER = 'parsers/teams/teams_data.yaml';
const HUNTING = 'hunting/teams/persistence_federated_external_members_added.yaml';
const WORKBOOK = 'workbooks/teams/teams_activity.yaml';
/** What a team declares beside its content: the imported files need them to check. */
const TABLES = [
  'content/tables/OfficeActivity.yaml',
  'content/tables/O365API_CL.yaml',
  'content/watchlists/teams_approved_apps.yaml',
];
const PORTAL_RULE = '0b9c1c6e-8a55-4f3f-9d3e-2f0c7a1b2c3d';
const FUNCTION_ID = '5a6b7c8d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';

const { subscriptionId: SUB, resourceGroup: RG, workspace: WS } = ENV;
let server: FakeArmServer;
let source: TempProject;
let target: TempProject;

withFakeArmServer((started) => {
  server = started;
});
beforeEach(async () => {
  const env = { test: { ...ENV, location: 'westeurope' } };
  const files: Record<string, string> = {};
  for (const f of [PARSER, HUNTING, SIDELOADING_RULE, WORKBOOK, ...TABLES]) files[f] = await repoFile(f);
  source = await TempProject.create(env, files);
  const tables: Record<string, string> = {};
  for (const f of TABLES) tables[f] = files[f]!;
  target = await TempProject.create(env, tables);
});
afterEach(async () => {
  await source.dispose();
  await target.dispose();
  await clearWorkspace(server);
  for (const w of server.workbooks(SUB, RG)) await testClient(server).deleteWorkbook(w.name);
});

/** Publishes the source project, and plants what someone made in the portal. */
async function fillWorkspace(): Promise<void> {
  const report = await applyPublish(await source.load(), 'test', {
    client: testClient(server),
    sourceId: 'src',
  });
  expect(report.ok).toBe(true);
  // A rule made in the portal: nulls where the portal sends them, an NRT rule, grouping switched on.
  server.seed(SUB, RG, WS, {
    name: PORTAL_RULE,
    kind: 'NRT',
    properties: {
      displayName: 'Mailbox forwarding to an external domain',
      description: null,
      severity: 'Medium',
      enabled: false,
      query: 'OfficeActivity\n| where Operation == "Set-Mailbox"\n| project TimeGenerated, UserId',
      suppressionDuration: 'PT1H',
      suppressionEnabled: false,
      tactics: ['Collection'],
      techniques: ['T1114'],
      entityMappings: [
        { entityType: 'Account', fieldMappings: [{ identifier: 'FullName', columnName: 'UserId' }] },
      ],
      incidentConfiguration: {
        createIncident: true,
        groupingConfiguration: {
          enabled: true,
          reopenClosedIncident: false,
          lookbackDuration: 'PT5H',
          matchingMethod: 'AllEntities',
          groupByEntities: [],
          groupByAlertDetails: [],
          groupByCustomDetails: [],
        },
      },
      eventGroupingSettings: { aggregationKind: 'AlertPerResult' },
      templateVersion: null,
    },
  });
  server.seed(SUB, RG, WS, { name: 'BuiltInFusion', kind: 'Fusion', properties: { enabled: true } });
  // A function saved in Log Analytics, with parameters whose defaults hold commas and quotes.
  server.seedSavedSearch(SUB, RG, WS, {
    name: FUNCTION_ID,
    properties: {
      category: 'Functions',
      displayName: 'RecentOps',
      functionAlias: 'RecentOps',
      functionParameters: "Since:datetime=datetime(null), Users:dynamic=dynamic(['a, b', 'c']), Limit:int=10",
      query:
        'OfficeActivity\n| where isnull(Since) or TimeGenerated > Since\n| where array_length(Users) == 0 or UserId in (Users)\n| take Limit',
      version: 2,
    },
  });
  server.seedSavedSearch(SUB, RG, WS, {
    name: 'logmanagement-errors',
    properties: { category: 'Log Management', displayName: 'Errors', query: 'Event | take 1', version: 2 },
  });
}

async function kqlc(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: false,
    env: {},
    cwd: target.root,
  };
  let code = 0;
  const program = new Command('kqlc').exitOverride();
  const access = {
    createClient: (env: typeof ENV) =>
      createSentinelClient(
        { ...env, armEndpoint: server.url },
        server.credential(),
        testClientOptions(server),
      ),
  };
  importCommand(access)(program, io, (c) => (code = Math.max(code, c)));
  await program.parseAsync(argv, { from: 'user' });
  return { code, stdout, stderr };
}

async function listFiles(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

describe('kqlc import', () => {
  it('writes every rule, hunting query, parser and workbook; they check cleanly and publish back unchanged', async () => {
    await fillWorkspace();
    const writesBefore = server.writes().length;
    const result = await kqlc('import', '--env', 'test');
    expect(result.code).toBe(0);
    expect(server.writes().length).toBe(writesBefore); // import only reads
    const files = (
      await Promise.all(
        ['analytics', 'hunting', 'parsers', 'workbooks'].map((d) => listFiles(target.root, d)),
      )
    ).flat();
    expect(files).toEqual([
      'analytics/mailbox_forwarding_to_an_external_domain.yaml',
      'analytics/teams_custom_app_sideloading_allowed_for_the_tenant.yaml',
      'hunting/federated_external_members_added_to_teams.yaml',
      'parsers/recentops.yaml',
      'parsers/teamsdata.yaml',
      'workbooks/microsoft_teams_activity.yaml',
    ]);
    expect(result.stdout).toContain("Imported from 'test': 6 written, 0 kept as they were.");
    expect(result.stderr).toContain(
      "alert rule 'BuiltInFusion' (BuiltInFusion) left out: kind Fusion is not kqlc content",
    );
    expect(result.stderr).toContain("saved search 'Errors' (logmanagement-errors) left out");

    const portal = await target.read('analytics/mailbox_forwarding_to_an_external_domain.yaml');
    expect(portal).toContain(`id: ${PORTAL_RULE}\n`);
    expect(portal).toContain('kind: NRT\n');
    expect(portal).toContain('enabled: false\n');
    expect(portal).toContain('lookbackDuration: 5h\n');
    expect(portal).not.toContain('queryFrequency');

    // The imported project checks cleanly (errors and warnings alike).
    const imported = await loadProject(target.root);
    const problems = checkProject(imported).diagnostics.map(
      (d) => `${d.file}:${d.start?.line} ${d.code} ${d.message}`,
    );
    expect(problems).toEqual([]);

    // Published back to the same workspace, no resource field changes (only kqlc's metadata is written).
    const plan = await planPublish(imported, 'test', { client: testClient(server), sourceId: 'src' });
    expect(plan.problems).toEqual([]);
    expect(plan.entries.map((e) => [e.name, e.action, e.changes.map((c) => c.path)]).sort()).toEqual(
      [
        // No metadata yet: it is written, the items themselves are unchanged.
        [PORTAL_RULE, 'update', []],
        [FUNCTION_ID, 'update', []],
        ...imported.items
          .filter((i) => i.id !== PORTAL_RULE && i.id !== FUNCTION_ID)
          .map((i) => [i.id, 'unchanged', []] as [string, string, string[]]),
      ].sort(),
    );
  });

  it('never overwrites a file without --force, and re-imports an item into the file that has its id', async () => {
    await fillWorkspace();
    await kqlc('import', '--env', 'test');
    // The team moves and edits a file, and deletes another.
    const rule = 'analytics/mailbox_forwarding_to_an_external_domain.yaml';
    const text = await target.read(rule);
    await target.write('analytics/exfiltration/forwarding.yaml', `# reviewed\n${text}`);
    await rm(path.join(target.root, rule));
    await target.edit('parsers/teamsdata.yaml', (t) => `# ours\n${t}`);

    const again = await kqlc('import', '--env', 'test');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('= kept      analytics/exfiltration/forwarding.yaml: exists;');
    expect(again.stdout).toContain('= kept      parsers/teamsdata.yaml: exists;');
    expect(again.stdout).toContain("Imported from 'test': 0 written, 6 kept as they were.");
    expect(await target.read('parsers/teamsdata.yaml')).toMatch(/^# ours\n/);
    expect(await target.read('analytics/exfiltration/forwarding.yaml')).toMatch(/^# reviewed\n/);
    await expect(target.read(rule)).rejects.toThrow(); // not written again beside the moved copy

    const forced = await kqlc('import', '--env', 'test', '--force');
    expect(forced.stdout).toContain("Imported from 'test': 6 written, 0 kept as they were.");
    expect(await target.read('parsers/teamsdata.yaml')).not.toContain('# ours');
    expect(await target.read('analytics/exfiltration/forwarding.yaml')).toBe(text);
  });

  it('writes under --out, in the folders kqlc.yaml names', async () => {
    await fillWorkspace();
    await target.write('kqlc.yaml', `${await target.read('kqlc.yaml')}paths:\n  analytics: rules\n`);
    const result = await kqlc('import', '--env', 'test', '--out', 'adopted');
    expect(result.code).toBe(0);
    expect(await listFiles(target.root, 'adopted/rules')).toEqual([
      'adopted/rules/mailbox_forwarding_to_an_external_domain.yaml',
      'adopted/rules/teams_custom_app_sideloading_allowed_for_the_tenant.yaml',
    ]);
  });

  it('keeps a resource name that is not a GUID as the id, and says what check will make of it', async () => {
    server.seedSavedSearch(SUB, RG, WS, {
      name: 'MyHunt',
      properties: {
        category: 'Hunting Queries',
        displayName: 'Rare operations',
        query: 'OfficeActivity\n| where TimeGenerated > ago(1d)\n| summarize count() by Operation',
        version: 2,
        tags: [{ name: 'tactics', value: 'Discovery' }],
      },
    });
    const result = await kqlc('import', '--env', 'test');
    expect(result.code).toBe(0);
    expect(await target.read('hunting/rare_operations.yaml')).toMatch(/^id: MyHunt\nname: Rare operations\n/);
    expect(result.stderr).toContain(
      "kqlc: note: hunting/rare_operations.yaml: the workspace names it 'MyHunt', not a GUID; it is kept as the id",
    );
    const codes = checkProject(await loadProject(target.root)).diagnostics.map((d) => d.code);
    expect(codes).toEqual(['KQLC4003']);
    const plan = await planPublish(await loadProject(target.root), 'test', { client: testClient(server) });
    expect(plan.entries.map((e) => [e.name, e.changes])).toEqual([['MyHunt', []]]);
  });

  it('exits 2 when the workspace cannot be read', async () => {
    server.inject({ method: 'GET', status: 403, times: 3 });
    const result = await kqlc('import', '--env', 'test');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^kqlc: cannot read the workspace of 'test' \(HTTP 403\)/);
  });
});

describe('import helpers', () => {
  it('shortens exact durations and names files after display names', () => {
    expect([
      shortDuration('PT5M'),
      shortDuration('PT1H'),
      shortDuration('P14D'),
      shortDuration('PT90S'),
    ]).toEqual(['5m', '1h', '14d', '90s']);
    expect(shortDuration('PT1H30M')).toBe('90m');
    expect(slug('Rare Consent — Ünusual App (v2)')).toBe('rare_consent_unusual_app_v2');
  });
});
