import { defineCheck } from '../check.js';

/** `{{Column}}` as Sentinel's template validator reads it (MaxAmountOfDynamicContentPlaceHoldersAttribute.cs). */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
/** Placeholders per format: Azure-Sentinel's CI allows 3 (some published templates carry more). */
export const MAX_PLACEHOLDERS = 3;
const FORMATS = ['alertDisplayNameFormat', 'alertDescriptionFormat'] as const;
const COLUMNS = ['alertTacticsColumnName', 'alertSeverityColumnName'] as const;

/**
 * `alertDetailsOverride` fills alert fields from the query's output: every `{{Column}}` placeholder,
 * the tactics and severity columns and each `alertDynamicProperties` value must be an output column,
 * or the alert silently keeps the rule's static text. More than 3 placeholders in one format is what
 * Azure-Sentinel's CI rejects: a warning, since the service itself takes them.
 */
export default defineCheck({
  id: 'alert-details-override-valid',
  code: 'alertDetailsInvalid',
  appliesTo: ['analytic'],
  check(item, resolved, report) {
    if (item.kind !== 'analytic') return;
    const override = item.doc.alertDetailsOverride;
    const columns = resolved.analysis(item).columns;
    if (!override || !columns) return;
    const names = new Set(columns.map((c) => c.name));
    const missing = (column: string) =>
      `column '${column}' is not in the query output (${[...names].join(', ')})`;
    for (const field of FORMATS) {
      const format = override[field];
      if (typeof format !== 'string') continue;
      const placeholders = [...format.matchAll(PLACEHOLDER)].map((m) => m[1].trim());
      for (const column of new Set(placeholders)) {
        if (!names.has(column))
          report({
            at: { path: ['alertDetailsOverride', field] },
            message: `{{${column}}}: ${missing(column)}`,
          });
      }
      if (placeholders.length > MAX_PLACEHOLDERS) {
        report({
          at: { path: ['alertDetailsOverride', field] },
          message: `${placeholders.length} placeholders in ${field}; Azure-Sentinel's validator allows at most ${MAX_PLACEHOLDERS}`,
          severity: 'warning',
        });
      }
    }
    for (const field of COLUMNS) {
      const column = override[field];
      if (typeof column === 'string' && column !== '' && !names.has(column)) {
        report({ at: { path: ['alertDetailsOverride', field] }, message: `${field}: ${missing(column)}` });
      }
    }
    const dynamic = override.alertDynamicProperties;
    if (Array.isArray(dynamic)) {
      dynamic.forEach((property, i) => {
        const value = (property as { value?: unknown } | null)?.value;
        if (typeof value === 'string' && !names.has(value)) {
          report({
            at: { path: ['alertDetailsOverride', 'alertDynamicProperties', i, 'value'] },
            message: `alert property ${(property as { alertProperty?: string }).alertProperty ?? ''}: ${missing(value)}`,
          });
        }
      });
    }
  },
});
