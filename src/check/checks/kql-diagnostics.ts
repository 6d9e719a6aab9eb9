import { defineCheck } from '../check.js';

/** Every error and warning Kusto.Language reports for the query, under Kusto's own codes (KS…). */
export default defineCheck({
  id: 'kql-diagnostics',
  code: 'kqlInternal',
  appliesTo: ['parser', 'hunting', 'analytic'],
  check(item, resolved, report) {
    for (const d of resolved.analysis(item).diagnostics) {
      if (d.severity === 'info') continue;
      report({
        at: { queryStart: d.start, queryEnd: d.start + d.length },
        message: d.message,
        code: d.code,
        severity: d.severity,
      });
    }
  },
});
