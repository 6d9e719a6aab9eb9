import { defineCheck } from '../check.js';

/**
 * Sentinel's limits for an analytic rule, as its template validator enforces them (Azure-Sentinel
 * .script/tests/detectionTemplateSchemaValidation: AnalyticsTemplateInternalModelBase.cs name ≤ 256,
 * description ≤ 5000; QueryBasedTemplateInternalModel.cs query 1–10,000 characters). The severity enum
 * is the JSON Schema's (KQLC2001), not repeated here.
 */
export const LIMITS = { name: 256, description: 5_000, query: 10_000 } as const;

export default defineCheck({
  id: 'text-limits',
  code: 'textTooLong',
  appliesTo: ['analytic'],
  check(item, _resolved, report) {
    if (item.kind !== 'analytic') return;
    for (const field of ['name', 'description', 'query'] as const) {
      const text = item.doc[field];
      if (typeof text !== 'string') continue;
      const length = text.length; // UTF-16 units, as .NET counts
      if (length > LIMITS[field]) {
        report({
          at: { path: [field] },
          message: `${field} is ${length.toLocaleString('en-US')} characters; Sentinel accepts at most ${LIMITS[field].toLocaleString('en-US')}`,
        });
      }
    }
  },
});
