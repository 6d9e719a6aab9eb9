import type { AnalyticRuleDoc } from '../../src/model/analytic-rule.js';

/** A realistic Scheduled rule document, as the loader gives it. */
export const scheduledDoc = (over: Partial<AnalyticRuleDoc> = {}): AnalyticRuleDoc => ({
  id: '0b4a5a8e-6c39-4a5e-9d8b-0f6f3b1f0a11',
  name: 'Teams custom app sideloading allowed',
  description: "'Identifies when custom app sideloading is allowed in Teams.'\n",
  kind: 'Scheduled',
  severity: 'Medium',
  queryFrequency: '1h',
  queryPeriod: '14d',
  triggerOperator: 'gt',
  triggerThreshold: 0,
  tactics: ['Persistence'],
  relevantTechniques: ['T1176'],
  query: 'OfficeActivity\n| where Operation == "TeamsTenantSettingChanged"\n',
  entityMappings: [
    { entityType: 'Account', fieldMappings: [{ identifier: 'FullName', columnName: 'UserId' }] },
  ],
  version: '1.0.0',
  ...over,
});
