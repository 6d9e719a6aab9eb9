import type { SyntaxNode } from '../../kql/kusto.js';
import { separatedElements, syntaxKindName } from '../../kql/syntax.js';
import { queryRange, searchesEveryTable, walkSyntax } from '../../kql/tables-read.js';
import { defineCheck } from '../check.js';

interface Bound {
  Kind: number;
  Expressions?: { Count: number; getItem(i: number): { Element: SyntaxNode | null } } | null;
}

/**
 * `search "x"` with no table before it or `in (…)`, and `union *`, scan every table of the workspace:
 * slow, costly, and what they read changes whenever a table is added. Name the tables.
 */
export default defineCheck({
  id: 'search-all-tables',
  code: 'searchAllTables',
  appliesTo: ['parser', 'hunting', 'analytic'],
  check(item, resolved, report) {
    const { code } = resolved.analysis(item);
    if (!code.Syntax) return;
    walkSyntax(code.Syntax, (node) => {
      const bound = node as unknown as Bound;
      const kind = syntaxKindName(node.Kind);
      if (searchesEveryTable(node)) {
        report({
          at: queryRange(code, node, item.query.text),
          message:
            'search across every table: name them, as in `search in (SigninLogs, AuditLogs) "…"`, or start from one table: `SigninLogs | search "…"`',
        });
      }
      if (kind === 'UnionOperator') {
        for (const e of separatedElements(bound.Expressions)) {
          const at = queryRange(code, e, item.query.text);
          if (item.query.text.slice(at.queryStart, at.queryEnd).trim() === '*') {
            report({
              at,
              message:
                'union * reads every table: list the tables, as in `union SigninLogs, AADNonInteractiveUserSignInLogs`',
            });
          }
        }
      }
    });
  },
});
