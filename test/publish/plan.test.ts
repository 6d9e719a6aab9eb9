/** plan.ts is pure: desired resources against what a workspace holds, without any server. */
import { describe, expect, it } from 'vitest';
import { buildAlertRule } from '../../src/build/alert-rule.js';
import { lineDiff } from '../../src/publish/format.js';
import { countActions, diffAlertRule, planAlertRules } from '../../src/publish/plan.js';
import type { RemoteAlertRule } from '../../src/publish/sentinel-client.js';
import { scheduledDoc } from '../build/fixtures.js';

const desired = buildAlertRule(scheduledDoc()).resource!;
/** The rule as the service returns it after a PUT of `desired`. */
const asStored = (over: Record<string, unknown> = {}): RemoteAlertRule => ({
  name: desired.name.toUpperCase(), // ARM names are case-insensitive
  kind: 'Scheduled',
  etag: '"e1"',
  properties: {
    ...structuredClone(desired.properties),
    lastModifiedUtc: '2026-11-20T10:00:00.000Z',
    alertRuleTemplateName: null,
    customDetails: null,
    alertDetailsOverride: null,
    ...over,
  },
});

describe('planAlertRules', () => {
  it('creates what is missing, leaves alone what matches, ignores rules it does not describe', () => {
    const other = buildAlertRule(scheduledDoc({ id: 'aaaaaaaa-0000-4000-8000-000000000000' })).resource!;
    const foreign: RemoteAlertRule = { name: 'BuiltInFusion', kind: 'Fusion', properties: { enabled: true } };
    const entries = planAlertRules(
      [
        { type: 'alertRule', role: 'analytic', resource: desired, file: 'a.yaml' },
        { type: 'alertRule', role: 'analytic', resource: other, file: 'b.yaml' },
      ],
      [asStored(), foreign],
    );
    expect(entries.map((e) => [e.name, e.action])).toEqual([
      [desired.name, 'unchanged'],
      [other.name, 'create'],
    ]);
    expect(countActions(entries)).toEqual({ create: 1, update: 0, replace: 0, unchanged: 1, delete: 0 });
  });

  it('plans a replace when the kind differs', () => {
    const [entry] = planAlertRules(
      [{ type: 'alertRule', role: 'analytic', resource: desired, file: 'a.yaml' }],
      [asStored()].map((r) => ({ ...r, kind: 'NRT' })),
    );
    expect(entry!.action).toBe('replace');
    expect(entry!.changes[0]).toEqual({ path: 'kind', before: 'NRT', after: 'Scheduled' });
  });
});

describe('diffAlertRule', () => {
  it('sees no change in what the service adds, nulls, [] for absent lists, or equal durations', () => {
    const stored = asStored({
      queryFrequency: 'PT60M',
      queryPeriod: 'PT336H',
      tactics: ['Persistence'],
      entityMappings: desired.properties.entityMappings,
      techniques: ['T1176'],
    });
    (
      stored.properties.incidentConfiguration as { groupingConfiguration: { groupByEntities: unknown } }
    ).groupingConfiguration.groupByEntities = null;
    expect(diffAlertRule(desired, stored)).toEqual([]);
  });

  it('names each field that differs, down to nested ones', () => {
    const stored = asStored({
      severity: 'High',
      query: 'SigninLogs',
      customDetails: { Extra: 'Col' },
      incidentConfiguration: {
        createIncident: false,
        groupingConfiguration: {
          ...desired.properties.incidentConfiguration.groupingConfiguration,
          enabled: true,
        },
      },
    });
    expect(diffAlertRule(desired, stored)).toEqual([
      { path: 'properties.severity', before: 'High', after: 'Medium' },
      { path: 'properties.query', before: 'SigninLogs', after: desired.properties.query },
      { path: 'properties.incidentConfiguration.createIncident', before: false, after: true },
      { path: 'properties.incidentConfiguration.groupingConfiguration.enabled', before: true, after: false },
      { path: 'properties.customDetails', before: { Extra: 'Col' }, after: undefined },
    ]);
  });

  it('treats CRLF and LF queries as the same query', () => {
    const stored = asStored({ query: desired.properties.query.replace(/\n/g, '\r\n') });
    expect(diffAlertRule(desired, stored)).toEqual([]);
  });

  it('sees a rule disabled in the portal', () => {
    expect(diffAlertRule(desired, asStored({ enabled: false }))).toEqual([
      { path: 'properties.enabled', before: false, after: true },
    ]);
  });
});

describe('lineDiff', () => {
  it('shows removed then added lines with two lines of context', () => {
    const a = ['T', '| a', '| b', '| c', '| d', '| e', '| f'].join('\n');
    const b = ['T', '| a', '| b', '| C', '| d', '| e', '| f'].join('\n');
    expect(lineDiff(a, b)).toEqual(['  …', '  | a', '  | b', '- | c', '+ | C', '  | d', '  | e', '  …']);
  });
});
