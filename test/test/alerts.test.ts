import { describe, expect, it } from 'vitest';
import type { QueryResult } from '../../src/engine/index.js';
import { resolveProject } from '../../src/kql/project-world.js';
import { loadProject } from '../../src/load/project.js';
import type { AnalyticRuleDoc } from '../../src/model/analytic-rule.js';
import { MAX_ALERTS_PER_RUN, ruleTriggers, simulateAlerts } from '../../src/test/alerts.js';
import { runTests } from '../../src/test/runner.js';
import { ruleYaml, SIGNIN_TABLE, tempProject } from '../helpers/temp-project.js';

const rule = (extra: Partial<AnalyticRuleDoc> = {}): AnalyticRuleDoc => ({
  id: '9f1e4b0e-6c1d-4c1e-9f0a-1d2b3c4d5e6f',
  name: 'Password spray',
  description: 'Many failed sign-ins',
  kind: 'Scheduled',
  severity: 'Medium',
  query: 'x',
  tactics: ['CredentialAccess'],
  entityMappings: [
    { entityType: 'Account', fieldMappings: [{ identifier: 'FullName', columnName: 'User' }] },
    { entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: 'IP' }] },
  ],
  ...extra,
});

const result = (rows: unknown[][]): QueryResult => ({
  columns: [
    { name: 'User', type: 'string' },
    { name: 'IP', type: 'string' },
    { name: 'Failures', type: 'long' },
    { name: 'Sev', type: 'string' },
    { name: 'Tactics', type: 'string' },
  ],
  rows,
});

const ROWS = [
  ['alice@contoso.com', '203.0.113.7', 12, 'High', 'CredentialAccess,InitialAccess'],
  ['bob@contoso.com', '203.0.113.7', 7, 'Severe', 'Nonsense'],
  ['', '198.51.100.1', 3, '', ''],
];

describe('Sentinel alert simulation', () => {
  it('compares the result count with triggerOperator and triggerThreshold', () => {
    const cases: [AnalyticRuleDoc['triggerOperator'], number, number, boolean][] = [
      [undefined, 0, 0, false],
      [undefined, 0, 1, true],
      ['gt', 2, 2, false],
      ['gt', 2, 3, true],
      ['lt', 2, 1, true],
      ['lt', 2, 2, false],
      ['eq', 0, 0, true],
      ['eq', 1, 2, false],
      ['ne', 1, 2, true],
      ['ne', 1, 1, false],
    ];
    for (const [triggerOperator, triggerThreshold, count, fires] of cases)
      expect([
        triggerOperator,
        triggerThreshold,
        count,
        ruleTriggers({ triggerOperator, triggerThreshold }, count),
      ]).toEqual([triggerOperator, triggerThreshold, count, fires]);
    // lt 1 fires on an empty result: one alert with no events.
    const quiet = simulateAlerts(rule({ triggerOperator: 'lt', triggerThreshold: 1 }), result([]));
    expect(quiet.alerts).toMatchObject([{ name: 'Password spray', events: 0, entities: [] }]);
  });

  it('groups all rows into one alert by default, with every distinct entity and custom details as arrays', () => {
    const run = simulateAlerts(rule({ customDetails: { Failures: 'Failures' } }), result(ROWS));
    expect(run).toMatchObject({ resultCount: 3, triggered: true });
    expect(run.alerts).toEqual([
      {
        name: 'Password spray',
        description: 'Many failed sign-ins',
        severity: 'Medium',
        tactics: ['CredentialAccess'],
        // the shared IP once; the empty user of the third row gives no Account
        entities: [
          { type: 'Account', identifiers: { FullName: 'alice@contoso.com' } },
          { type: 'IP', identifiers: { Address: '203.0.113.7' } },
          { type: 'Account', identifiers: { FullName: 'bob@contoso.com' } },
          { type: 'IP', identifiers: { Address: '198.51.100.1' } },
        ],
        customDetails: { Failures: ['12', '7', '3'] },
        properties: {},
        events: 3,
      },
    ]);
  });

  it('raises one alert per row with AlertPerResult, and renders overrides per row, reverting when a value is missing or invalid', () => {
    const doc = rule({
      eventGroupingSettings: { aggregationKind: 'AlertPerResult' },
      alertDetailsOverride: {
        alertDisplayNameFormat: 'Password spray against {{User}}',
        alertDescriptionFormat: '{{Failures}} failures from {{IP}}',
        alertSeverityColumnName: 'Sev',
        alertTacticsColumnName: 'Tactics',
        alertDynamicProperties: [{ alertProperty: 'ProductComponentName', value: 'IP' }],
      },
    });
    const alerts = simulateAlerts(doc, result(ROWS)).alerts;
    expect(alerts.map((a) => [a.name, a.description, a.severity, a.tactics, a.entities.length])).toEqual([
      [
        'Password spray against alice@contoso.com',
        '12 failures from 203.0.113.7',
        'High',
        ['CredentialAccess', 'InitialAccess'],
        2,
      ],
      [
        'Password spray against bob@contoso.com',
        '7 failures from 203.0.113.7',
        'Medium',
        ['CredentialAccess'],
        2,
      ],
      ['Password spray', '3 failures from 198.51.100.1', 'Medium', ['CredentialAccess'], 1],
    ]);
    expect(alerts[0].properties).toEqual({ ProductComponentName: '203.0.113.7' });
  });

  it(`caps AlertPerResult at ${MAX_ALERTS_PER_RUN} alerts per run, the last standing for all results`, () => {
    const rows = Array.from({ length: 200 }, (_, i) => [`u${i}@contoso.com`, '10.0.0.1', 1, '', '']);
    const alerts = simulateAlerts(
      rule({ eventGroupingSettings: { aggregationKind: 'AlertPerResult' } }),
      result(rows),
    ).alerts;
    expect(alerts).toHaveLength(MAX_ALERTS_PER_RUN);
    expect(alerts[0].events).toBe(1);
    expect(alerts[MAX_ALERTS_PER_RUN - 1].events).toBe(200);
  });
});

describe('alert expectations', () => {
  const query =
    'SigninLogs\n| where ResultType == "50126"\n| project TimeGenerated, UserPrincipalName, IPAddress';
  const extra = `alertDetailsOverride:
  alertDisplayNameFormat: Failed sign-in for {{UserPrincipalName}}
customDetails:
  SourceIP: IPAddress
eventGroupingSettings:
  aggregationKind: AlertPerResult
`;
  const input = `    input:
      SigninLogs:
        - { TimeGenerated: now-5m, UserPrincipalName: alice@contoso.com, IPAddress: 203.0.113.7, ResultType: "50126" }
        - { TimeGenerated: now-6m, UserPrincipalName: bob@contoso.com, IPAddress: 203.0.113.8, ResultType: "50126" }
`;
  const tests = `tests:
  - name: two alerts with their entities
    now: 2026-11-20T12:00:00Z
${input}    expect:
      alerts:
        - { name: Failed sign-in for bob@contoso.com, entities: [ { type: Account, FullName: bob@contoso.com } ], customDetails: { SourceIP: 203.0.113.8 } }
        - { name: { $regex: alice }, severity: Medium, tactics: [CredentialAccess], entities: [ { type: Account, FullName: alice@contoso.com } ] }
  - name: wrong entity and count
    now: 2026-11-20T12:00:00Z
${input}    expect:
      alerts:
        - { name: Failed sign-in for bob@contoso.com, entities: [ { type: Account, FullName: mallory@contoso.com } ] }
  - name: a number of alerts
    now: 2026-11-20T12:00:00Z
${input}    expect: { alerts: 1 }
`;

  it('match alerts in any order by name, severity, tactics, entities and custom details, with a readable diff', async () => {
    const project = await loadProject(
      tempProject({
        'content/tables/SigninLogs.yaml': SIGNIN_TABLE,
        'analytics/r.yaml': ruleYaml(query, extra),
        'analytics/r.tests.yaml': tests,
      }),
    );
    expect(project.diagnostics).toEqual([]);
    const results = await runTests(resolveProject(project));
    expect(results.map((r) => r.status)).toEqual(['passed', 'failed', 'failed']);
    const diff = results[1].message.split('\n');
    expect(diff.slice(0, 4)).toEqual([
      'expected 1 alert, got 2',
      '  alert "Failed sign-in for bob@contoso.com" differs in entities:',
      '    - entities: [{"type":"Account","FullName":"mallory@contoso.com"}]',
      '    + entities: [{"type":"Account","FullName":"bob@contoso.com"}]',
    ]);
    expect(diff[4]).toMatch(
      /^ {2}\+ \{"name":"Failed sign-in for alice@contoso.com",.*"customDetails":\{"SourceIP":\["203.0.113.7"\]\}\}$/,
    );
    expect(diff).toHaveLength(5);
    expect(results[2].message).toMatch(/^expected 1 alert, got 2\n/);
  });
});
