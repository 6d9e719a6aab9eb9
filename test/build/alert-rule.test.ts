import { describe, expect, it } from 'vitest';
import {
  ALERT_RULES_API_VERSION,
  alertRuleApiVersion,
  alertRuleRequestBody,
  buildAlertRule,
  cleanDescription,
  DEFAULT_INCIDENT_CONFIGURATION,
  parentTechniques,
  SUB_TECHNIQUES_API_VERSION,
  subTechniques,
} from '../../src/build/alert-rule.js';
import { durationSeconds, toIsoDuration } from '../../src/model/duration.js';
import { scheduledDoc } from './fixtures.js';

describe('toIsoDuration', () => {
  it.each([
    ['5m', 'PT5M'],
    ['1h', 'PT1H'],
    ['14d', 'P14D'],
    ['30s', 'PT30S'],
    ['90m', 'PT90M'],
    ['PT5M', 'PT5M'],
    ['p1d', 'P1D'],
    ['PT1H30M', 'PT1H30M'],
  ])('%s → %s', (input, expected) => {
    expect(toIsoDuration(input)).toBe(expected);
  });

  it.each(['', '5', '5 minutes', '1y', 'P1M', 'P', 'PT', 'm5', '-5m'])('refuses %j', (input) => {
    expect(toIsoDuration(input)).toBeUndefined();
  });

  it('measures ISO durations in seconds so that PT60M equals PT1H', () => {
    expect(durationSeconds('PT60M')).toBe(3600);
    expect(durationSeconds('PT1H')).toBe(3600);
    expect(durationSeconds('P1D')).toBe(durationSeconds('PT24H'));
    expect(durationSeconds('P1W')).toBe(7 * 86400);
    expect(durationSeconds('P1Y')).toBeUndefined();
  });
});

describe('buildAlertRule: Scheduled', () => {
  it('builds the exact resource, with Sentinel defaults for what the YAML leaves out', () => {
    const { resource, issues } = buildAlertRule(scheduledDoc());
    expect(issues).toEqual([]);
    expect(resource).toEqual({
      name: '0b4a5a8e-6c39-4a5e-9d8b-0f6f3b1f0a11',
      kind: 'Scheduled',
      properties: {
        displayName: 'Teams custom app sideloading allowed',
        description: 'Identifies when custom app sideloading is allowed in Teams.',
        severity: 'Medium',
        enabled: true,
        query: 'OfficeActivity\n| where Operation == "TeamsTenantSettingChanged"\n',
        queryFrequency: 'PT1H',
        queryPeriod: 'P14D',
        triggerOperator: 'GreaterThan',
        triggerThreshold: 0,
        suppressionDuration: 'PT5H',
        suppressionEnabled: false,
        tactics: ['Persistence'],
        techniques: ['T1176'],
        entityMappings: [
          { entityType: 'Account', fieldMappings: [{ identifier: 'FullName', columnName: 'UserId' }] },
        ],
        eventGroupingSettings: { aggregationKind: 'SingleAlert' },
        incidentConfiguration: {
          createIncident: true,
          groupingConfiguration: {
            enabled: false,
            reopenClosedIncident: false,
            lookbackDuration: 'PT5H',
            matchingMethod: 'AllEntities',
            groupByEntities: [],
            groupByAlertDetails: [],
            groupByCustomDetails: [],
          },
        },
        templateVersion: '1.0.0',
      },
    });
  });

  it.each([
    ['gt', 'GreaterThan'],
    ['lt', 'LessThan'],
    ['eq', 'Equal'],
    ['ne', 'NotEqual'],
  ] as const)('maps triggerOperator %s to %s', (op, expected) => {
    expect(buildAlertRule(scheduledDoc({ triggerOperator: op })).resource?.properties.triggerOperator).toBe(
      expected,
    );
  });

  it('carries custom details, alert details override, grouping, suppression and enabled', () => {
    const { resource, issues } = buildAlertRule(
      scheduledDoc({
        triggerThreshold: 3,
        customDetails: { Setting: 'SettingName' },
        alertDetailsOverride: { alertDisplayNameFormat: 'Sideloading allowed by {{UserId}}' },
        eventGroupingSettings: { aggregationKind: 'AlertPerResult' },
        suppressionEnabled: true,
        suppressionDuration: '2h',
        enabled: false,
        incidentConfiguration: {
          createIncident: true,
          groupingConfiguration: {
            enabled: true,
            lookbackDuration: '1d',
            matchingMethod: 'Selected',
            groupByEntities: ['Account'],
          },
        },
      }),
    );
    expect(issues).toEqual([]);
    const p = resource!.properties;
    expect(p.triggerThreshold).toBe(3);
    expect(p.customDetails).toEqual({ Setting: 'SettingName' });
    expect(p.alertDetailsOverride).toEqual({ alertDisplayNameFormat: 'Sideloading allowed by {{UserId}}' });
    expect(p.eventGroupingSettings).toEqual({ aggregationKind: 'AlertPerResult' });
    expect(p.suppressionEnabled).toBe(true);
    expect(p.suppressionDuration).toBe('PT2H');
    expect(p.enabled).toBe(false);
    expect(p.incidentConfiguration).toEqual({
      createIncident: true,
      groupingConfiguration: {
        enabled: true,
        reopenClosedIncident: false,
        lookbackDuration: 'P1D',
        matchingMethod: 'Selected',
        groupByEntities: ['Account'],
        groupByAlertDetails: [],
        groupByCustomDetails: [],
      },
    });
  });

  it('lets the environment override enabled', () => {
    expect(buildAlertRule(scheduledDoc(), { enabled: false }).resource?.properties.enabled).toBe(false);
  });

  it('sends parent techniques in techniques, and sub-techniques in subTechniques too', () => {
    expect(parentTechniques(['T1078.004', 'T1556.006', 'T1078', 't1110'])).toEqual([
      'T1078',
      'T1556',
      'T1110',
    ]);
    expect(subTechniques(['T1078.004', 't1556.006', 'T1078', 'T1078.004 '])).toEqual([
      'T1078.004',
      'T1556.006',
    ]);
    const built = buildAlertRule(scheduledDoc({ relevantTechniques: ['T1078.004'] }));
    expect(built.resource?.properties.techniques).toEqual(['T1078']);
    expect(built.resource?.properties.subTechniques).toEqual(['T1078.004']);
  });

  it('uses the api-version with subTechniques only for a rule that sends them', () => {
    const plain = buildAlertRule(scheduledDoc({ relevantTechniques: ['T1176'] })).resource!;
    expect(plain.properties).not.toHaveProperty('subTechniques');
    expect(alertRuleApiVersion(plain)).toBe(ALERT_RULES_API_VERSION);
    const sub = buildAlertRule(scheduledDoc({ relevantTechniques: ['T1176', 'T1078.004'] })).resource!;
    expect(alertRuleApiVersion(sub)).toBe(SUB_TECHNIQUES_API_VERSION);
    expect(alertRuleRequestBody(sub).properties.subTechniques).toEqual(['T1078.004']);
    // An empty list is sent too (it clears the workspace's), so it also needs that api-version.
    expect(alertRuleApiVersion({ properties: { ...plain.properties, subTechniques: [] } })).toBe(
      SUB_TECHNIQUES_API_VERSION,
    );
  });

  it('leaves out empty optional lists instead of sending []', () => {
    const p = buildAlertRule(
      scheduledDoc({ tactics: [], relevantTechniques: [], entityMappings: [], customDetails: {} }),
    ).resource!.properties;
    expect(p).not.toHaveProperty('tactics');
    expect(p).not.toHaveProperty('techniques');
    expect(p).not.toHaveProperty('entityMappings');
    expect(p).not.toHaveProperty('customDetails');
  });

  it('does not share the default incident configuration between rules', () => {
    const a = buildAlertRule(scheduledDoc()).resource!;
    a.properties.incidentConfiguration.groupingConfiguration.groupByEntities.push('Account');
    expect(DEFAULT_INCIDENT_CONFIGURATION.groupingConfiguration.groupByEntities).toEqual([]);
    expect(buildAlertRule(scheduledDoc()).resource!.properties.incidentConfiguration).toEqual(
      DEFAULT_INCIDENT_CONFIGURATION,
    );
  });

  it('refuses to build with a malformed duration, and says where', () => {
    const { resource, issues } = buildAlertRule(scheduledDoc({ queryFrequency: '5 minutes' }));
    expect(resource).toBeUndefined();
    expect(issues).toEqual([
      { severity: 'error', path: 'queryFrequency', message: expect.stringContaining("'5 minutes'") },
    ]);
  });

  it('refuses a Scheduled rule without its schedule', () => {
    const { resource, issues } = buildAlertRule(
      scheduledDoc({ queryFrequency: undefined, queryPeriod: undefined }),
    );
    expect(resource).toBeUndefined();
    expect(issues.map((i) => i.path)).toEqual(['queryFrequency', 'queryPeriod']);
  });

  it('refuses unknown incident configuration fields and override keys', () => {
    const { resource, issues } = buildAlertRule(
      scheduledDoc({
        incidentConfiguration: { createIncident: 'yes', grouping: {} },
        alertDetailsOverride: { alertDynamicProperties: [] },
      }),
    );
    expect(resource).toBeUndefined();
    expect(issues.map((i) => i.path).sort()).toEqual([
      'alertDetailsOverride.alertDynamicProperties',
      'incidentConfiguration.createIncident',
      'incidentConfiguration.grouping',
    ]);
  });

  it('is pure: same input, same output, input untouched', () => {
    const doc = scheduledDoc();
    const before = structuredClone(doc);
    expect(buildAlertRule(doc)).toEqual(buildAlertRule(doc));
    expect(doc).toEqual(before);
  });
});

describe('buildAlertRule: NRT', () => {
  it('omits the scheduling fields and warns when the YAML gives them', () => {
    const { resource, issues } = buildAlertRule(scheduledDoc({ kind: 'NRT' }));
    expect(resource?.kind).toBe('NRT');
    const p = resource!.properties;
    for (const key of ['queryFrequency', 'queryPeriod', 'triggerOperator', 'triggerThreshold']) {
      expect(p).not.toHaveProperty(key);
    }
    expect(issues.map((i) => [i.severity, i.path])).toEqual([
      ['warning', 'queryFrequency'],
      ['warning', 'queryPeriod'],
      ['warning', 'triggerOperator'],
      ['warning', 'triggerThreshold'],
    ]);
  });
});

describe('cleanDescription and the request body', () => {
  it('strips the single quotes of Azure-Sentinel descriptions and the final newline', () => {
    expect(cleanDescription("'It''s here'\n")).toBe("It''s here");
    expect(cleanDescription('Plain text\n\n')).toBe('Plain text');
    expect(cleanDescription("'unbalanced\n")).toBe("'unbalanced");
    expect(cleanDescription('\n')).toBeUndefined();
  });

  it('puts kind, etag and properties in the body; the name goes in the URL', () => {
    const r = buildAlertRule(scheduledDoc()).resource!;
    expect(Object.keys(alertRuleRequestBody(r))).toEqual(['kind', 'properties']);
    expect(alertRuleRequestBody({ ...r, etag: '"1"' }).etag).toBe('"1"');
  });
});
