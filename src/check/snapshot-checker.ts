/**
 * The checker that `npm run build` bundles into the Kusto.Language snapshot (see
 * src/kql/kusto-snapshot.ts): what a check worker runs (check-share.ts), plus a warm-up that checks a
 * small project once, so that a process from the snapshot has its modules loaded, its JSON Schemas
 * compiled and its packs read before it gets any work.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkShare } from './check-share.js';

export { ipcPort, serveChecks } from './check-share.js';

const WARM_UP_PROJECT: Record<string, string> = {
  'parsers/WarmUpParser.yaml': `id: 00000001-0000-4000-8000-000000000001
name: WarmUpParser
title: Warm-up parser
version: 1.0.0
query: |
  SigninLogs
  | where ResultType != "0"
  | project TimeGenerated, UserPrincipalName, IPAddress, AppDisplayName
`,
  'analytics/warm-up-rule.yaml': `id: 00000002-0000-4000-8000-000000000001
name: Warm-up rule
description: |
  Checked once while the snapshot is built.
kind: Scheduled
severity: Medium
queryFrequency: 1h
queryPeriod: 1d
triggerOperator: gt
triggerThreshold: 0
tactics:
  - CredentialAccess
relevantTechniques:
  - T1110
requiredDataConnectors:
  - connectorId: AzureActiveDirectory
    dataTypes:
      - SigninLogs
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: FullName
        columnName: UserPrincipalName
query: |
  WarmUpParser
  | where TimeGenerated > ago(1d)
  | summarize Failures = count() by UserPrincipalName, IPAddress
  | where Failures > 10
`,
  'hunting/warm-up-hunt.yaml': `id: 00000003-0000-4000-8000-000000000001
name: Warm-up hunting query
description: |
  Checked once while the snapshot is built.
tactics:
  - Discovery
query: |
  OfficeActivity
  | where TimeGenerated > ago(7d)
  | where Operation has "MemberAdded"
  | summarize count() by UserId
`,
};

/** Checks a small project in a temporary folder once (findings do not matter; failures do). */
export async function warmUp(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'kqlc-warm-up-'));
  try {
    for (const [file, text] of Object.entries(WARM_UP_PROJECT)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    const reply = await checkShare({
      root,
      files: Object.keys(WARM_UP_PROJECT),
      builtinTables: ['SigninLogs', 'OfficeActivity'],
    });
    if (Object.keys(reply).length !== Object.keys(WARM_UP_PROJECT).length)
      throw new Error(`the warm-up project checked ${Object.keys(reply).length} files`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
