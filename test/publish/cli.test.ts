/**
 * `kqlc plan` and `kqlc publish` end to end: the real commands, the real SDK client, the fake ARM server.
 * The commands get the fake server's client through their `WorkspaceAccess`; nothing else is faked.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planCommand } from '../../src/cli/commands/plan.js';
import { publishCommand } from '../../src/cli/commands/publish.js';
import { type CliIO, UsageError } from '../../src/cli/io.js';
import { createSentinelClient, traceOptions } from '../../src/publish/index.js';
import type { FakeArmServer } from './fake-arm-server.js';
import {
  clearWorkspace,
  ENV,
  repoFile,
  ruleYaml,
  SIDELOADING_RULE,
  TempProject,
  testClientOptions,
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
    {
      test: { ...ENV, armEndpoint: server.url },
      prod: { ...ENV, workspace: 'law-prod', armEndpoint: server.url },
    },
    { [SIDELOADING_RULE]: await repoFile(SIDELOADING_RULE) },
  );
});
afterEach(async () => {
  await project.dispose();
  for (const ws of [ENV.workspace, 'law-prod']) await clearWorkspace(server, { ...ENV, workspace: ws });
});

/** Runs plan/publish as runCli does, with the fake server as the workspace. */
async function kqlc(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return kqlcWith({}, ...argv);
}

/** As `kqlc`, with parts of the IO replaced (a terminal, a prompt). */
async function kqlcWith(
  over: Partial<CliIO>,
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: false,
    env: { NO_COLOR: '1' },
    cwd: project.root,
    ...over,
  };
  let code = 0;
  const program = new Command('kqlc')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) });
  const access = {
    createClient: (env: typeof ENV, trace?: (line: string) => void) =>
      createSentinelClient({ ...env, armEndpoint: server.url }, server.credential(), {
        ...testClientOptions(server),
        ...traceOptions(trace),
      }),
  };
  for (const register of [planCommand(access), publishCommand(access)]) {
    register(program, io, (c) => (code = Math.max(code, c)));
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof UsageError) {
      stderr += `kqlc: ${e.message}\n`;
      return { code: 2, stdout, stderr };
    }
    if (e instanceof CommanderError) return { code: e.exitCode === 0 ? 0 : 2, stdout, stderr };
    throw e;
  }
  return { code, stdout, stderr };
}

describe('kqlc plan / publish', () => {
  it('plans a create, publishes it, then plans and publishes nothing', async () => {
    const plan = await kqlc('plan', '--env', 'test');
    expect(plan.stderr).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      `+ create    alert rule "Teams custom app sideloading allowed for the tenant" (${RULE_ID})`,
    );
    expect(plan.stdout).toContain(`from ${SIDELOADING_RULE}`);
    expect(plan.stdout).toContain('Plan: 1 to create, 0 to update, 0 to replace, 0 unchanged.');
    expect(server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace)).toEqual([]);

    const publish = await kqlc('publish', '--env', 'test');
    expect(publish.code).toBe(0);
    expect(publish.stdout).toContain(
      `+ created   alert rule "Teams custom app sideloading allowed for the tenant"`,
    );
    expect(publish.stdout).toContain("Published to 'test': 1 created, 0 updated, 0 replaced, 0 unchanged.");

    const writes = server.writes().length;
    const again = await kqlc('publish', '--env', 'test');
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("Published to 'test': 0 created, 0 updated, 0 replaced, 1 unchanged.\n");
    expect(server.writes().length).toBe(writes);
    expect((await kqlc('plan', '--env', 'test')).stdout).toContain(
      'Plan: 0 to create, 0 to update, 0 to replace, 1 unchanged.',
    );
  });

  it('shows an update with a line diff of the query and the changed fields', async () => {
    await kqlc('publish', '--env', 'test');
    await project.edit(SIDELOADING_RULE, (t) =>
      t
        .replace('  | where NewValue =~ "True"\n', '  | where NewValue =~ "true"\n')
        .replace('severity: Medium', 'severity: High'),
    );
    const plan = await kqlc('plan', '--env', 'test');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      `~ update    alert rule "Teams custom app sideloading allowed for the tenant"`,
    );
    expect(plan.stdout).toContain('    ~ properties.severity: "Medium" → "High"');
    expect(plan.stdout).toContain('    ~ properties.query');
    expect(plan.stdout).toContain('        - | where NewValue =~ "True"');
    expect(plan.stdout).toContain('        + | where NewValue =~ "true"');
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to update, 0 to replace, 0 unchanged.');
  });

  it('warns when an item was edited in the workspace since the last publish', async () => {
    await kqlc('publish', '--env', 'test');
    const [rule] = server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace);
    server.seed(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace, {
      name: rule!.name,
      kind: 'Scheduled',
      properties: { ...rule!.properties, enabled: false },
    });
    const plan = await kqlc('plan', '--env', 'test');
    expect(plan.stdout).toContain('    ~ properties.enabled: false → true');
    expect(plan.stdout).toContain('    ! edited in the workspace since this project last published it');
    const json = JSON.parse((await kqlc('plan', '--env', 'test', '--format', 'json')).stdout) as {
      entries: { drift?: boolean }[];
    };
    expect(json.entries[0]!.drift).toBe(true);
  });

  it('keeps environments apart: publishing to test leaves prod empty', async () => {
    expect((await kqlc('publish', '--env', 'test')).code).toBe(0);
    expect(server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace)).toHaveLength(1);
    expect(server.rules(ENV.subscriptionId, ENV.resourceGroup, 'law-prod')).toHaveLength(0);
    const prodPlan = await kqlc('plan', '--env', 'prod', '--format', 'json');
    const json = JSON.parse(prodPlan.stdout) as {
      target: { workspace: string };
      summary: { create: number };
    };
    expect(json.target.workspace).toBe('law-prod');
    expect(json.summary.create).toBe(1);
  });

  it('exits 1 and writes nothing when content has errors, naming file, line and column', async () => {
    await project.write(
      'analytics/bad.yaml',
      `${ruleYaml('c1d2e3f4-0000-4000-8000-00000000000b', 'Bad')}bogus: [\n`,
    );
    const from = server.requests.length;
    const result = await kqlc('publish', '--env', 'test');
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/analytics\/bad\.yaml:\d+:\d+: error KQLC1002/);
    expect(result.stdout).toContain('Nothing published: ');
    // Not a single request: content errors are found before the workspace is read.
    expect(server.requests.length).toBe(from);
  });

  it('exits 1 and names the item when a write keeps failing; --report records it', async () => {
    server.inject({ method: 'PUT', status: 500, times: Number.POSITIVE_INFINITY });
    try {
      const result = await kqlc('publish', '--env', 'test', '--report', 'report.json');
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(
        `failed: Teams custom app sideloading allowed for the tenant (${RULE_ID})`,
      );
      const report = JSON.parse(await readFile(path.join(project.root, 'report.json'), 'utf8')) as {
        ok: boolean;
        results: { name: string; status: string; httpStatus?: number }[];
      };
      expect(report.ok).toBe(false);
      expect(report.results).toEqual([
        expect.objectContaining({ name: RULE_ID, status: 'failed', httpStatus: 500 }),
      ]);
    } finally {
      server.clearFaults();
    }
  });

  it('exits 2 when the workspace cannot be read, and never prints the token', async () => {
    server.inject({ method: 'GET', status: 403, times: 1 });
    const result = await kqlc('plan', '--env', 'test');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^kqlc: cannot read the workspace of 'test' \(HTTP 403\): /);
    expect(result.stdout + result.stderr).not.toContain(server.token);
  });

  it('--prune shows deletes and needs --yes to make them', async () => {
    expect((await kqlc('publish', '--env', 'test', '--source-id', 'soc')).code).toBe(0);
    await rm(path.join(project.root, SIDELOADING_RULE));
    const plan = await kqlc('plan', '--env', 'test', '--source-id', 'soc', '--prune');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      `- delete    alert rule "Teams custom app sideloading allowed for the tenant" (${RULE_ID})`,
    );
    expect(plan.stdout).toContain('Plan: 0 to create, 0 to update, 0 to replace, 1 to delete, 0 unchanged.');

    const refused = await kqlc('publish', '--env', 'test', '--source-id', 'soc', '--prune');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      '--prune would delete 1 item; nothing was written. Run again with --yes',
    );
    expect(server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace)).toHaveLength(1);

    // Another source id owns nothing here: nothing to delete.
    expect((await kqlc('plan', '--env', 'test', '--source-id', 'other', '--prune')).stdout).not.toContain(
      'delete ',
    );

    const done = await kqlc('publish', '--env', 'test', '--source-id', 'soc', '--prune', '--yes');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(
      "Published to 'test': 0 created, 0 updated, 0 replaced, 1 deleted, 0 unchanged.",
    );
    expect(server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace)).toEqual([]);
  });

  it('--prune asks on a terminal: no (or nothing) writes nothing, y publishes and deletes', async () => {
    expect((await kqlc('publish', '--env', 'test', '--source-id', 'soc')).code).toBe(0);
    await rm(path.join(project.root, SIDELOADING_RULE));
    const asked: string[] = [];
    const answering = (answer: string) => ({
      isTTY: true,
      prompt: async (question: string) => {
        asked.push(question);
        return answer;
      },
    });
    const writes = server.writes().length;
    for (const answer of ['n', '', 'yess']) {
      const declined = await kqlcWith(
        answering(answer),
        'publish',
        '--env',
        'test',
        '--source-id',
        'soc',
        '--prune',
      );
      expect(declined.code).toBe(2);
      expect(declined.stdout).toContain('- delete    alert rule');
      expect(declined.stderr).toBe('kqlc: nothing was written.\n');
    }
    expect(asked).toEqual(Array(3).fill("Delete 1 item from 'test'? [y/N] "));
    expect(server.writes().length).toBe(writes);

    const done = await kqlcWith(answering('Y'), 'publish', '--env', 'test', '--source-id', 'soc', '--prune');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('1 deleted');
    expect(server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace)).toEqual([]);
  });

  it('--prune never asks off a terminal, or when there is nothing to delete', async () => {
    expect((await kqlc('publish', '--env', 'test', '--source-id', 'soc')).code).toBe(0);
    let asked = 0;
    const prompt = async () => {
      asked++;
      return 'y';
    };
    // Nothing to delete: no question, even on a terminal.
    const nothing = await kqlcWith(
      { isTTY: true, prompt },
      'publish',
      '--env',
      'test',
      '--source-id',
      'soc',
      '--prune',
    );
    expect(nothing.code).toBe(0);
    await rm(path.join(project.root, SIDELOADING_RULE));
    // A prompt is available but stdout is not a terminal (a pipe, CI): --yes is required.
    const piped = await kqlcWith(
      { isTTY: false, prompt },
      'publish',
      '--env',
      'test',
      '--source-id',
      'soc',
      '--prune',
    );
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain('Run again with --yes');
    // A terminal without a way to read an answer (stdin is not a terminal): --yes is required too.
    const noStdin = await kqlcWith(
      { isTTY: true },
      'publish',
      '--env',
      'test',
      '--source-id',
      'soc',
      '--prune',
    );
    expect(noStdin.code).toBe(2);
    expect(asked).toBe(0);
    expect(server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace)).toHaveLength(1);
    const yes = await kqlcWith(
      { isTTY: true, prompt },
      'publish',
      '--env',
      'test',
      '--source-id',
      'soc',
      '--prune',
      '--yes',
    );
    expect(yes.code).toBe(0);
    expect(asked).toBe(0);
    expect(server.rules(ENV.subscriptionId, ENV.resourceGroup, ENV.workspace)).toEqual([]);
  });

  it('--trace-http prints each request and answer, with the Authorization header redacted', async () => {
    const result = await kqlc('plan', '--env', 'test', '--trace-http');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /→ GET https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.+\/alertRules\?api-version=2025-07-01-preview \[authorization: Bearer <redacted>\]/,
    );
    expect(result.stderr).toMatch(/← 200 GET https:\/\/127\.0\.0\.1:\d+\/.+\/metadata\?api-version=/);
    expect(result.stderr).not.toContain(server.token);
    expect(result.stdout).toContain('Plan: 1 to create');
  });

  it('--format sarif writes the problems as SARIF on stdout and the plan on stderr', async () => {
    await project.write('analytics/broken.yaml', ruleYaml(OTHER_ID, 'Broken').replace('5m', '5 minutes'));
    const result = await kqlc('plan', '--env', 'test', '--format', 'sarif');
    expect(result.code).toBe(1);
    const sarif = JSON.parse(result.stdout) as {
      version: string;
      runs: {
        tool: { driver: { rules: { id: string }[] } };
        results: {
          ruleId: string;
          level: string;
          message: { text: string };
          locations: {
            physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
          }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const [run] = sarif.runs;
    expect(run!.tool.driver.rules.map((r) => r.id)).toEqual(['KQLC6004']);
    expect(run!.results).toHaveLength(1);
    expect(run!.results[0]).toMatchObject({ ruleId: 'KQLC6004', level: 'error' });
    expect(run!.results[0]!.message.text).toMatch(/^queryFrequency: '5 minutes' is not a duration/);
    expect(run!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe(
      'analytics/broken.yaml',
    );
    expect(run!.results[0]!.locations[0]!.physicalLocation.region.startLine).toBe(6);
    expect(result.stderr).toContain('queryFrequency');
  });

  it('--format github annotates problems and failed items, and still prints the plan and summary', async () => {
    await project.write('analytics/broken.yaml', ruleYaml(OTHER_ID, 'Broken').replace('5m', '5 minutes'));
    const plan = await kqlc('plan', '--env', 'test', '--format', 'github');
    expect(plan.code).toBe(1);
    expect(plan.stdout).toMatch(
      /^::error file=analytics\/broken\.yaml,line=6,col=\d+,title=KQLC6004::queryFrequency: '5 minutes' is not a duration/m,
    );

    await project.write('analytics/broken.yaml', ruleYaml(OTHER_ID, 'Other rule'));
    server.inject({ method: 'PUT', pathIncludes: OTHER_ID, status: 500, times: Number.POSITIVE_INFINITY });
    try {
      const publish = await kqlc('publish', '--env', 'test', '--format', 'github', '--concurrency', '1');
      expect(publish.code).toBe(1);
      expect(publish.stdout).toMatch(
        new RegExp(
          `^::error file=analytics/broken\\.yaml,title=KQLC6001::create of Other rule \\(${OTHER_ID}\\) failed: .*injected fault 500`,
          'm',
        ),
      );
      expect(publish.stdout).toContain("Published to 'test': 1 created");
      expect(publish.stdout).toContain('1 failed');
    } finally {
      server.clearFaults();
    }
  });

  it('publish --format sarif keeps stdout a SARIF document, with what was done on stderr', async () => {
    const publish = await kqlc('publish', '--env', 'test', '--format', 'sarif');
    expect(publish.code).toBe(0);
    const sarif = JSON.parse(publish.stdout) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]!.results).toEqual([]);
    expect(publish.stderr).toContain('+ created   alert rule');
    expect(publish.stderr).toContain("Published to 'test': 1 created");
  });

  it('exits 2 for an unknown environment', async () => {
    const result = await kqlc('plan', '--env', 'staging');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown environment 'staging'; kqlc.yaml defines test, prod");
  });
});
