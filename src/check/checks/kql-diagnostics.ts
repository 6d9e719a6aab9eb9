import { defineCheck } from '../check.js';

/**
 * Every error and warning Kusto.Language reports for the query, under Kusto's own codes (KS…);
 * a workbook's queries are analysed one by one.
 */
export default defineCheck({
  id: 'kql-diagnostics',
  code: 'kqlInternal',
  appliesTo: ['parser', 'hunting', 'analytic', 'workbook'],
  check(item, resolved, report) {
    for (const { offset, analysis } of resolved.queries(item)) {
      for (const d of analysis.diagnostics) {
        if (d.severity === 'info') continue;
        report({
          at: { queryStart: offset + d.start, queryEnd: offset + d.start + d.length },
          message: d.message,
          code: d.code,
          severity: d.severity,
        });
      }
    }
  },
});
