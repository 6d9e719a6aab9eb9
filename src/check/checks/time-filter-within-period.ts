import type { SyntaxNode } from '../../kql/kusto.js';
import { symbolKind, syntaxKindName } from '../../kql/syntax.js';
import { queryRange, walkSyntax } from '../../kql/tables-read.js';
import { defineCheck } from '../check.js';
import { durationInSeconds, formatSeconds } from './schedule-valid.js';

interface Bound {
  Kind: number;
  Left?: Bound | null;
  Right?: Bound | null;
  First?: Bound | null;
  ReferencedSymbol?: { Kind: number; Name: string | null } | null;
  ArgumentList?: {
    Expressions: { Count: number; getItem(i: number): { Element: Bound | null } } | null;
  } | null;
  IsConstant?: boolean;
  ConstantValueInfo?: { Value?: unknown; ValueText?: string | null } | null;
  LiteralValue?: unknown;
}

const TICKS_PER_SECOND = 10_000_000;
const MAX_PERIOD = 14 * 86_400;

/** Seconds of a constant timespan expression (`7d`, or a `let` bound to one); undefined otherwise. */
export function constantSeconds(node: Bound | null | undefined): number | undefined {
  if (!node?.IsConstant) return undefined;
  for (const value of [node.ConstantValueInfo?.Value, node.LiteralValue]) {
    const ticks = (value as { ticks?: unknown } | null | undefined)?.ticks;
    if (ticks === undefined || ticks === null) continue;
    const n = Number(typeof ticks === 'object' ? String(ticks) : ticks);
    if (Number.isFinite(n)) return n / TICKS_PER_SECOND;
  }
  return undefined;
}

/** `x` of `ago(x)`, else undefined. */
export function agoArgument(node: Bound | null | undefined): Bound | undefined {
  if (!node || syntaxKindName(node.Kind) !== 'FunctionCallExpression') return undefined;
  if (node.ReferencedSymbol?.Name !== 'ago') return undefined;
  const args = node.ArgumentList?.Expressions;
  return args && args.Count === 1 ? (args.getItem(0).Element ?? undefined) : undefined;
}

function isTimeGenerated(node: Bound | null | undefined): boolean {
  return (
    !!node &&
    syntaxKindName(node.Kind) === 'NameReference' &&
    node.ReferencedSymbol?.Kind === symbolKind('Column') &&
    node.ReferencedSymbol.Name === 'TimeGenerated'
  );
}

/** The lower bound `ago(x)` of a comparison that keeps TimeGenerated after it, if the node is one. */
function lowerBound(node: Bound): Bound | undefined {
  switch (syntaxKindName(node.Kind)) {
    case 'GreaterThanExpression':
    case 'GreaterThanOrEqualExpression':
      return isTimeGenerated(node.Left) ? agoArgument(node.Right) : undefined;
    case 'LessThanExpression':
    case 'LessThanOrEqualExpression':
      return isTimeGenerated(node.Right) ? agoArgument(node.Left) : undefined;
    case 'BetweenExpression':
      return isTimeGenerated(node.Left) ? agoArgument(node.Right?.First) : undefined;
    default:
      return undefined;
  }
}

/**
 * A scheduled rule's query only ever sees the last queryPeriod of data (Sentinel runs it with that
 * time range), so `TimeGenerated > ago(7d)` under a 1h period filters nothing beyond 1h: the author
 * probably meant a longer period, or the filter misleads readers.
 */
export default defineCheck({
  id: 'time-filter-within-period',
  code: 'timeFilterWiderThanPeriod',
  appliesTo: ['analytic'],
  check(item, resolved, report) {
    if (item.kind !== 'analytic' || item.doc.kind !== 'Scheduled') return;
    const period = durationInSeconds(item.doc.queryPeriod);
    if (period === undefined) return;
    const { code } = resolved.analysis(item);
    if (!code.Syntax) return;
    walkSyntax(code.Syntax, (node: SyntaxNode) => {
      const bound = node as unknown as Bound;
      const x = lowerBound(bound);
      const seconds = constantSeconds(x);
      if (seconds === undefined || seconds <= period) return;
      const at = queryRange(code, node, item.query.text);
      const text = item.query.text.slice(at.queryStart, at.queryEnd).replace(/\s+/g, ' ');
      report({
        at,
        message: `'${text}' reaches back ${formatSeconds(seconds)}, but the rule only sees the last ${formatSeconds(period)} (queryPeriod ${item.doc.queryPeriod}): use ago(${formatSeconds(period)})${seconds <= MAX_PERIOD ? `, or raise queryPeriod to ${formatSeconds(seconds)}` : ` (queryPeriod cannot exceed ${formatSeconds(MAX_PERIOD)})`}`,
      });
    });
  },
});
