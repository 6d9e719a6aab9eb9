import { defineCheck } from '../check.js';

/** Sentinel's limits for custom details (Azure-Sentinel's template validator, QueryBasedTemplateInternalModel.cs). */
export const MAX_CUSTOM_DETAILS = 20;
const MAX_KEY_LENGTH = 20;
const KEY = /^[a-zA-Z]\w*$/;

/**
 * Custom details: at most 20, each key a letter followed by letters, digits or underscores (at most 20
 * characters), each value a column the query outputs; Sentinel rejects the rule otherwise.
 */
export default defineCheck({
  id: 'custom-details-valid',
  code: 'customDetailsInvalid',
  appliesTo: ['analytic'],
  check(item, resolved, report) {
    if (item.kind !== 'analytic') return;
    const details = item.doc.customDetails;
    if (!details) return;
    const entries = Object.entries(details);
    if (entries.length > MAX_CUSTOM_DETAILS) {
      report({
        at: { path: ['customDetails'], key: true },
        message: `${entries.length} custom details; Sentinel accepts at most ${MAX_CUSTOM_DETAILS}`,
      });
    }
    const columns = resolved.analysis(item).columns;
    const names = columns ? new Set(columns.map((c) => c.name)) : undefined;
    for (const [key, column] of entries) {
      if (!KEY.test(key) || key.length > MAX_KEY_LENGTH) {
        report({
          at: { path: ['customDetails', key], key: true },
          message: `custom detail key '${key}' must start with a letter, hold only letters, digits and '_', and be at most ${MAX_KEY_LENGTH} characters`,
        });
      }
      if (names && typeof column === 'string' && !names.has(column)) {
        report({
          at: { path: ['customDetails', key] },
          message: `custom detail ${key}: column '${column}' is not in the query output`,
        });
      }
    }
  },
});
