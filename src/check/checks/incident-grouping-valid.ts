import { defineCheck } from '../check.js';

/**
 * `incidentConfiguration.groupingConfiguration` may group only by entity types the rule maps and by
 * custom detail keys it defines (the Security Insights API says so: "only entities/keys defined in the
 * current alert rule may be used"); `groupByAlertDetails` takes DisplayName or Severity.
 */
export default defineCheck({
  id: 'incident-grouping-valid',
  code: 'incidentGroupingInvalid',
  appliesTo: ['analytic'],
  check(item, _resolved, report) {
    if (item.kind !== 'analytic') return;
    const grouping = item.doc.incidentConfiguration?.groupingConfiguration as
      | { groupByEntities?: unknown; groupByCustomDetails?: unknown; groupByAlertDetails?: unknown }
      | undefined;
    if (!grouping || typeof grouping !== 'object') return;
    const path = ['incidentConfiguration', 'groupingConfiguration'];
    const mapped = new Set((item.doc.entityMappings ?? []).map((m) => m.entityType));
    const details = new Set(Object.keys(item.doc.customDetails ?? {}));
    const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
    list(grouping.groupByEntities).forEach((entity, i) => {
      if (typeof entity === 'string' && !mapped.has(entity)) {
        report({
          at: { path: [...path, 'groupByEntities', i] },
          message: `groups by entity type '${entity}', which the rule does not map (${[...mapped].join(', ') || 'no entity mappings'})`,
        });
      }
    });
    list(grouping.groupByCustomDetails).forEach((key, i) => {
      if (typeof key === 'string' && !details.has(key)) {
        report({
          at: { path: [...path, 'groupByCustomDetails', i] },
          message: `groups by custom detail '${key}', which customDetails does not define (${[...details].join(', ') || 'none defined'})`,
        });
      }
    });
    list(grouping.groupByAlertDetails).forEach((detail, i) => {
      if (detail !== 'DisplayName' && detail !== 'Severity') {
        report({
          at: { path: [...path, 'groupByAlertDetails', i] },
          message: `groupByAlertDetails takes DisplayName or Severity, not '${String(detail)}'`,
        });
      }
    });
  },
});
