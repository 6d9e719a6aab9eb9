import { listItems } from '../../kql/kusto.js';
import { syntaxKindName } from '../../kql/syntax.js';
import { queryRange, walkSyntax } from '../../kql/tables-read.js';
import { defineCheck } from '../check.js';

interface Bound {
  Kind: number;
  Parameters?: { Count: number; getItem(i: number): { Name?: { SimpleName?: string | null } | null } } | null;
}

/**
 * A `join` without `kind=` is `innerunique`: it keeps one arbitrary left row per join key before
 * joining, which surprises anyone expecting SQL's inner join. Saying the kind makes the intent plain.
 */
export default defineCheck({
  id: 'join-kind-explicit',
  code: 'joinWithoutKind',
  appliesTo: ['parser', 'hunting', 'analytic'],
  check(item, resolved, report) {
    const { code } = resolved.analysis(item);
    if (!code.Syntax) return;
    walkSyntax(code.Syntax, (node) => {
      if (syntaxKindName(node.Kind) !== 'JoinOperator') return;
      const parameters = listItems((node as unknown as Bound).Parameters);
      if (parameters.some((p) => String(p.Name?.SimpleName ?? '').toLowerCase() === 'kind')) return;
      const at = queryRange(code, node, item.query.text);
      report({
        at: { queryStart: at.queryStart, queryEnd: at.queryStart + 'join'.length },
        message:
          'join without kind= is kind=innerunique (one arbitrary left row per key): write kind=innerunique if that is meant, else kind=inner, leftouter, leftanti …',
      });
    });
  },
});
