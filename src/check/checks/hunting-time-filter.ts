import { syntaxKindName } from '../../kql/syntax.js';
import { walkSyntax } from '../../kql/tables-read.js';
import { defineCheck } from '../check.js';

interface Bound {
  Kind: number;
  Left?: Bound | null;
  Right?: Bound | null;
  ResultType?: { Name?: string | null } | null;
}

const COMPARISONS = new Set([
  'GreaterThanExpression',
  'GreaterThanOrEqualExpression',
  'LessThanExpression',
  'LessThanOrEqualExpression',
  'BetweenExpression',
  'NotBetweenExpression',
]);

const isDatetime = (node: Bound | null | undefined): boolean => node?.ResultType?.Name === 'datetime';

/**
 * A hunting query without a time filter reads all retained data when run outside the portal's time
 * picker (API, notebooks, saved-search exports), which is slow and costly. A comparison against a
 * datetime anywhere in the query or the parsers it calls counts, and so do the portal's
 * `{{StartTimeISO}}`/`{{EndTimeISO}}` placeholders.
 */
export default defineCheck({
  id: 'hunting-time-filter',
  code: 'huntingWithoutTimeFilter',
  appliesTo: ['hunting'],
  check(item, resolved, report) {
    if (/\{\{(StartTime|EndTime)(ISO)?\}\}/.test(item.query.text)) return;
    const analysis = resolved.analysis(item);
    if (!analysis.code.Syntax || analysis.diagnostics.some((d) => d.severity === 'error')) return;
    let filtered = false;
    walkSyntax(
      analysis.code.Syntax,
      (node) => {
        if (filtered || !COMPARISONS.has(syntaxKindName(node.Kind))) return;
        const bound = node as unknown as Bound;
        if (isDatetime(bound.Left) || isDatetime(bound.Right)) filtered = true;
      },
      { expansions: true },
    );
    if (!filtered) {
      report({
        at: { path: ['query'] },
        message: 'no time filter: add one near the top, e.g. `| where TimeGenerated > ago(7d)`',
      });
    }
  },
});
