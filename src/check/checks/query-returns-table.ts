import { defineCheck } from '../check.js';

/** Hunting queries and analytic rules must return a table; Sentinel cannot run a scalar query. */
export default defineCheck({
  id: 'query-returns-table',
  code: 'queryNotTabular',
  appliesTo: ['hunting', 'analytic'],
  check(item, resolved, report) {
    const analysis = resolved.analysis(item);
    const errors = analysis.diagnostics.some((d) => d.severity === 'error');
    if (!errors && analysis.columns === undefined) {
      report({ at: { path: ['query'] }, message: 'the query does not return a table' });
    }
  },
});
