/**
 * Writes a synthetic kqlc project for the check benchmark: 50 parsers over Sentinel's built-in
 * tables and N analytic rules and hunting queries of realistic size (lets, filters, summarize,
 * joins, parser calls), each query different.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const guid = (kind: number, i: number) =>
  `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

const indent = (text: string) =>
  text
    .trim()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');

const PARSER_TEMPLATES = [
  (i: number) => `SigninLogs
| where ResultType != "0"
| where AppDisplayName !has "probe${i}"
| extend City = tostring(LocationDetails.city), Country = tostring(LocationDetails.countryOrRegion)
| project TimeGenerated, UserPrincipalName, IPAddress, AppDisplayName, ResultType, City, Country, UserAgent`,
  (i: number) => `AuditLogs
| where OperationName has_any ("Add member to role", "Add user", "Update user ${i}")
| extend Actor = tostring(InitiatedBy.user.userPrincipalName), Target = tostring(TargetResources[0].userPrincipalName)
| project TimeGenerated, OperationName, Actor, Target, Result, CorrelationId`,
  (i: number) => `OfficeActivity
| where OfficeWorkload in ("Exchange", "SharePoint", "MicrosoftTeams")
| where Operation !startswith "Internal${i}"
| project TimeGenerated, UserId, Operation, OfficeWorkload, ClientIP, OfficeObjectId`,
  (i: number) => `SecurityEvent
| where EventID in (4624, 4625, 4688, ${4700 + (i % 50)})
| extend AccountUpn = tolower(Account)
| project TimeGenerated, Computer, EventID, AccountUpn, IpAddress, LogonType, CommandLine, ParentProcessName`,
  (i: number) => `AzureActivity
| where CategoryValue == "Administrative"
| where OperationNameValue !endswith "/read${i}"
| project TimeGenerated, Caller, CallerIpAddress, OperationNameValue, ResourceGroup, _ResourceId, ActivityStatusValue`,
];

function parserYaml(i: number): string {
  const query = PARSER_TEMPLATES[i % PARSER_TEMPLATES.length](i);
  return `id: ${guid(1, i)}
name: BenchParser${i}
title: Bench parser ${i}
version: 1.0.0
query: |
${indent(query)}
`;
}

function queryFor(i: number): string {
  const p = `BenchParser${i % 50}`;
  const kind = (i % 50) % PARSER_TEMPLATES.length;
  const threshold = 3 + (i % 17);
  switch (i % 4) {
    case 0:
      return `let threshold = ${threshold};
let lookback = ${1 + (i % 13)}d;
SigninLogs
| where TimeGenerated > ago(lookback)
| where ResultType in ("50126", "50053", "50055")
| summarize Failures = count(), Users = dcount(UserPrincipalName), Apps = make_set(AppDisplayName, 20), FirstSeen = min(TimeGenerated), LastSeen = max(TimeGenerated) by IPAddress, bin(TimeGenerated, 1h)
| where Users >= threshold
| join kind=leftouter (
    SigninLogs
    | where TimeGenerated > ago(lookback)
    | where ResultType == "0"
    | summarize Successes = count() by IPAddress
  ) on IPAddress
| extend SuccessRatio = todouble(Successes) / (Failures + Successes)
| project IPAddress, Failures, Users, Apps, FirstSeen, LastSeen, SuccessRatio, UserPrincipalName = tostring(Apps[0])`;
    case 1:
      return `let watched = dynamic(["Global Administrator", "Privileged Role Administrator", "Role ${i}"]);
AuditLogs
| where TimeGenerated > ago(1d)
| where OperationName == "Add member to role"
| mv-expand TargetResource = TargetResources
| extend RoleName = tostring(TargetResource.modifiedProperties[1].newValue)
| where RoleName has_any (watched)
| extend UserPrincipalName = tostring(TargetResource.userPrincipalName), Actor = tostring(InitiatedBy.user.userPrincipalName)
| summarize Count = count(), Roles = make_set(RoleName) by UserPrincipalName, Actor, bin(TimeGenerated, 1h)
| where Count > ${threshold % 3}`;
    case 2: {
      const outputs = ['UserPrincipalName', 'Actor', 'UserId', 'AccountUpn', 'Caller'];
      return `${p}
| where TimeGenerated > ago(${1 + (i % 6)}h)
| summarize Events = count(), First = min(TimeGenerated), Last = max(TimeGenerated) by ${outputs[kind]}
| where Events > ${threshold}
| extend UserPrincipalName = tostring(${outputs[kind]})
| order by Events desc`;
    }
    default:
      return `OfficeActivity
| where TimeGenerated > ago(1d)
| where OfficeWorkload =~ "MicrosoftTeams"
| where Operation in ("MemberAdded", "TeamCreated", "BotAddedToTeam", "Op${i}")
| extend Members = parse_json(tostring(Members))
| mv-expand Member = Members
| extend MemberUpn = tostring(Member.UPN), Role = toint(Member.Role)
| where Role == 3 and MemberUpn !endswith "contoso.com"
| project TimeGenerated, UserPrincipalName = UserId, MemberUpn, TeamName, Operation`;
  }
}

function itemYaml(i: number): string {
  const header =
    i % 2 === 0
      ? `kind: Scheduled
severity: Medium
queryFrequency: 1h
queryPeriod: 14d
triggerOperator: gt
triggerThreshold: 0
`
      : '';
  return `id: ${guid(i % 2 === 0 ? 2 : 3, i)}
name: Bench ${i % 2 === 0 ? 'rule' : 'hunting query'} ${i}
description: |
  Synthetic content number ${i} for the check benchmark.
${header}tactics:
  - CredentialAccess
relevantTechniques:
  - T1110
query: |
${indent(queryFor(i))}
entityMappings:
  - entityType: Account
    fieldMappings:
      - identifier: FullName
        columnName: UserPrincipalName
version: 1.0.0
`;
}

export function generateProject(root: string, items: number, parsers = 50): void {
  for (const dir of ['parsers', 'analytics', 'hunting']) mkdirSync(path.join(root, dir), { recursive: true });
  for (let i = 0; i < parsers; i++)
    writeFileSync(path.join(root, 'parsers', `bench_parser_${i}.yaml`), parserYaml(i));
  for (let i = 0; i < items; i++) {
    const folder = i % 2 === 0 ? 'analytics' : 'hunting';
    writeFileSync(path.join(root, folder, `bench_${i}.yaml`), itemYaml(i));
  }
}

export { parserYaml, queryFor };
