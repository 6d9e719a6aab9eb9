/**
 * Built alert rule bodies against Microsoft's swagger for api-version 2022-09-01-preview. The specs live in
 * ../shared/specs, outside this repository: without them these tests are skipped, and the first test below
 * says so in the output instead of passing silently.
 */
import { describe, expect, it } from 'vitest';
import { alertRuleRequestBody, buildAlertRule } from '../../src/build/alert-rule.js';
import { scheduledDoc } from './fixtures.js';
import {
  ALERT_RULES_SPEC,
  alertRuleDefinition,
  SPECS_DIR,
  SUB_TECHNIQUES_API_VERSION,
  specsPresent,
  validateAlertRuleBody,
  validateRequestBody,
} from './swagger.js';

describe('swagger validation of alert rules: availability', () => {
  it(specsPresent ? `uses the specs in ${SPECS_DIR}` : `SKIPPED: ${SPECS_DIR} is absent`, (ctx) => {
    if (!specsPresent) {
      console.warn(`[kqlc] alert rule spec validation SKIPPED: ${SPECS_DIR} is absent`);
      ctx.skip();
    }
    expect(specsPresent).toBe(true);
  });
});

const validate = (body: unknown, kind: string) =>
  validateRequestBody(ALERT_RULES_SPEC, alertRuleDefinition(kind), body);

describe.skipIf(!specsPresent)('swagger validation of alert rules', () => {
  it('accepts the body of a minimal Scheduled rule', () => {
    const r = buildAlertRule(scheduledDoc()).resource!;
    expect(validate(alertRuleRequestBody(r), 'Scheduled')).toEqual([]);
  });

  it('accepts the body of a Scheduled rule using every field we send', () => {
    const r = buildAlertRule(
      scheduledDoc({
        customDetails: { Setting: 'SettingName' },
        alertDetailsOverride: {
          alertDisplayNameFormat: 'By {{UserId}}',
          alertDescriptionFormat: 'd',
          alertTacticsColumnName: 'T',
          alertSeverityColumnName: 'S',
        },
        eventGroupingSettings: { aggregationKind: 'AlertPerResult' },
        suppressionEnabled: true,
        suppressionDuration: '1d',
        incidentConfiguration: {
          createIncident: true,
          groupingConfiguration: {
            enabled: true,
            reopenClosedIncident: true,
            lookbackDuration: '2h',
            matchingMethod: 'Selected',
            groupByEntities: ['Account'],
            groupByAlertDetails: ['DisplayName'],
            groupByCustomDetails: ['Setting'],
          },
        },
      }),
    ).resource!;
    expect(validate(alertRuleRequestBody({ ...r, etag: '"abc"' }), 'Scheduled')).toEqual([]);
  });

  it('accepts the body of an NRT rule', () => {
    const r = buildAlertRule(scheduledDoc({ kind: 'NRT' })).resource!;
    expect(validate(alertRuleRequestBody(r), 'NRT')).toEqual([]);
  });

  // The validator must be able to fail, or the tests above prove nothing.
  it('rejects a field the api-version does not have (the SDK would drop it silently)', () => {
    const r = buildAlertRule(scheduledDoc()).resource!;
    const body = alertRuleRequestBody(r);
    const bad = { ...body, properties: { ...body.properties, subTechniques: ['T1176.001'] } };
    expect(validate(bad, 'Scheduled')).toEqual([expect.stringContaining("'subTechniques'")]);
  });

  it('rejects a YAML duration, a YAML operator and a missing required field', () => {
    const body = alertRuleRequestBody(buildAlertRule(scheduledDoc()).resource!);
    const { displayName: _omit, ...rest } = body.properties;
    const bad = { ...body, properties: { ...rest, queryFrequency: '1h', triggerOperator: 'gt' } };
    const errors = validate(bad, 'Scheduled');
    expect(errors.join('\n')).toMatch(/displayName/);
    expect(errors.join('\n')).toMatch(/queryFrequency: must match format "duration"/);
    expect(errors.join('\n')).toMatch(/triggerOperator: must be equal to one of the allowed values/);
  });

  it('rejects read-only properties in a request body', () => {
    const body = alertRuleRequestBody(buildAlertRule(scheduledDoc()).resource!);
    const bad = { ...body, properties: { ...body.properties, lastModifiedUtc: '2026-01-01T00:00:00Z' } };
    expect(validate(bad, 'Scheduled')).toEqual([expect.stringContaining("'lastModifiedUtc'")]);
  });

  // kqlc sends rules with sub-techniques at 2025-07-01-preview. Its swagger is not in ../shared/specs, so
  // those bodies are validated against the 2022-09-01-preview schema EXTENDED with `subTechniques: string[]`
  // (the one field kqlc sends that 2022-09-01-preview lacks), not against the 2025-07-01-preview spec itself.
  describe('at 2025-07-01-preview: the 2022-09-01-preview schema extended with subTechniques', () => {
    const sub = (kind: 'Scheduled' | 'NRT') =>
      alertRuleRequestBody(
        buildAlertRule(scheduledDoc({ kind, relevantTechniques: ['T1078.004', 'T1087'] })).resource!,
      );

    it('accepts Scheduled and NRT bodies with subTechniques', () => {
      expect(sub('Scheduled').properties.subTechniques).toEqual(['T1078.004']);
      expect(validateAlertRuleBody('Scheduled', sub('Scheduled'), SUB_TECHNIQUES_API_VERSION)).toEqual([]);
      expect(validateAlertRuleBody('NRT', sub('NRT'), SUB_TECHNIQUES_API_VERSION)).toEqual([]);
    });

    it('rejects subTechniques at 2022-09-01-preview, and a subTechniques that is not a list of strings', () => {
      expect(validateAlertRuleBody('Scheduled', sub('Scheduled'), '2022-09-01-preview')).toEqual([
        expect.stringContaining("'subTechniques'"),
      ]);
      const body = sub('Scheduled');
      const bad = { ...body, properties: { ...body.properties, subTechniques: ['T1078.004', 4] } };
      expect(validateAlertRuleBody('Scheduled', bad, SUB_TECHNIQUES_API_VERSION)).toEqual([
        '/properties/subTechniques/1: must be string',
      ]);
      const notList = { ...body, properties: { ...body.properties, subTechniques: 'T1078.004' } };
      expect(validateAlertRuleBody('Scheduled', notList, SUB_TECHNIQUES_API_VERSION)).toEqual([
        '/properties/subTechniques: must be array',
      ]);
    });

    it('still validates the rest of the body against the 2022-09-01-preview spec', () => {
      const body = sub('Scheduled');
      const bad = {
        ...body,
        properties: { ...body.properties, severity: 'Severe', sentinelEntitiesMappings: [] },
      };
      const errors = validateAlertRuleBody('Scheduled', bad, SUB_TECHNIQUES_API_VERSION).join('\n');
      expect(errors).toMatch(/severity/);
      expect(errors).toMatch(/'sentinelEntitiesMappings' is not in the spec/);
    });
  });
});
