import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { loadProject } from '../../src/load/project.js';
import type { Project } from '../../src/model/content.js';
import { createSentinelClient, type SentinelClient } from '../../src/publish/sentinel-client.js';
import { FakeArmServer } from './fake-arm-server.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The repository's own analytic rule: the tests publish real content. */
export const SIDELOADING_RULE = 'analytics/teams/persistence_custom_app_sideloading_allowed.yaml';

export const ENV = {
  subscriptionId: '00000000-0000-0000-0000-0000000000aa',
  resourceGroup: 'rg-soc',
  workspace: 'law-soc',
};

/** SDK client options for the fake server: trust its certificate; short retry delays (the pipeline still runs). */
export function testClientOptions(server: FakeArmServer) {
  return {
    tlsOptions: { ca: server.ca },
    retryOptions: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
  };
}

export function testClient(server: FakeArmServer, env = ENV): SentinelClient {
  return createSentinelClient(
    { ...env, armEndpoint: server.url },
    server.credential(),
    testClientOptions(server),
  );
}

/** Empties a workspace of the fake server (rules, saved searches, metadata) through the real client. */
export async function clearWorkspace(server: FakeArmServer, env = ENV): Promise<void> {
  const client = testClient(server, env);
  const { subscriptionId: s, resourceGroup: rg, workspace: ws } = env;
  for (const r of server.rules(s, rg, ws)) await client.deleteAlertRule(r.name);
  for (const r of server.savedSearches(s, rg, ws)) await client.deleteSavedSearch(r.name);
  for (const r of server.metadata(s, rg, ws)) await client.deleteMetadata(r.name);
}

/** A project folder in a temporary directory: kqlc.yaml with environments, and the given files. */
export class TempProject {
  private constructor(readonly root: string) {}

  static async create(
    environments: Record<string, Record<string, string>>,
    files: Record<string, string>,
  ): Promise<TempProject> {
    const root = await mkdtemp(path.join(tmpdir(), 'kqlc-publish-'));
    const project = new TempProject(root);
    const envYaml = Object.entries(environments)
      .map(
        ([name, env]) =>
          `  ${name}:\n${Object.entries(env)
            .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
            .join('\n')}`,
      )
      .join('\n');
    await project.write('kqlc.yaml', `environments:\n${envYaml}\n`);
    for (const [file, text] of Object.entries(files)) await project.write(file, text);
    return project;
  }

  async write(file: string, text: string): Promise<void> {
    const full = path.join(this.root, file);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, text);
  }

  async read(file: string): Promise<string> {
    return readFile(path.join(this.root, file), 'utf8');
  }

  async edit(file: string, change: (text: string) => string): Promise<void> {
    await this.write(file, change(await this.read(file)));
  }

  load(): Promise<Project> {
    return loadProject(this.root);
  }

  async dispose(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

export async function repoFile(file: string): Promise<string> {
  return readFile(path.join(REPO_ROOT, file), 'utf8');
}

/** A second, minimal Scheduled rule in the Azure-Sentinel format. */
export function ruleYaml(id: string, name: string, query = 'OfficeActivity\n| take 1'): string {
  return [
    `id: ${id}`,
    `name: ${name}`,
    'description: |',
    `  'A test rule.'`,
    'severity: Low',
    'queryFrequency: 5m',
    'queryPeriod: 1d',
    'triggerOperator: gt',
    'triggerThreshold: 0',
    'tactics:',
    '  - Discovery',
    'relevantTechniques:',
    '  - T1087.004',
    'query: |',
    ...query.split('\n').map((l) => `  ${l}`),
    'version: 1.0.0',
    'kind: Scheduled',
    '',
  ].join('\n');
}

/** Starts a fake ARM server before the file's tests and closes it after them; `use` receives it. */
export function withFakeArmServer(use: (server: FakeArmServer) => void): void {
  let started: FakeArmServer | undefined;
  beforeAll(async () => {
    started = await FakeArmServer.start();
    use(started);
  });
  afterAll(async () => {
    await started?.close();
  });
}
