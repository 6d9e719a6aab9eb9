import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** Writes a throw-away project (path → content) and returns its root; removed after the test file. */
export function tempProject(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'kqlc-test-'));
  made.push(root);
  for (const [relative, content] of Object.entries(files)) {
    const absolute = path.join(root, relative);
    mkdirSync(path.dirname(absolute), { recursive: true });
    writeFileSync(absolute, content);
  }
  return root;
}

export const SIGNIN_TABLE = `name: SigninLogs
columns:
  - { name: TimeGenerated, type: datetime }
  - { name: UserPrincipalName, type: string }
  - { name: IPAddress, type: string }
  - { name: ResultType, type: string }
`;

/** A valid scheduled rule over SigninLogs; tests plant mistakes into it. */
export function ruleYaml(query: string, extra = ''): string {
  return `id: 9f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f
name: Failed sign-ins
description: test rule
kind: Scheduled
severity: Medium
queryFrequency: 1h
queryPeriod: 1h
triggerOperator: gt
triggerThreshold: 0
tactics: [CredentialAccess]
relevantTechniques: [T1110]
query: |
${query
  .split('\n')
  .map((l) => `  ${l}`)
  .join('\n')}
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: FullName
        columnName: UserPrincipalName
${extra}`;
}
