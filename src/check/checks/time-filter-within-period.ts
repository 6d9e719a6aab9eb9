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
  Expression?: Bound | null;
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

function isTimeGenerated(node: Bound | null | undefined): boolean {
  return (
    !!node &&
    syntaxKindName(node.Kind) === 'NameReference' &&
    node.ReferencedSymbol?.Kind === symbolKind('Column') &&
    node.ReferencedSymbol.Name === 'TimeGenerated'
  );
}

/** Arguments of a call of the built-in `name`, or undefined when the node is not one. */
function callArguments(node: Bound | null | undefined, name: string): Bound[] | undefined {
  if (!node || syntaxKindName(node.Kind) !== 'FunctionCallExpression' || node.ReferencedSymbol?.Name !== name)
    return undefined;
  const args = node.ArgumentList?.Expressions;
  const out: Bound[] = [];
  for (let i = 0; i < (args?.Count ?? 0); i++) {
    const e = args!.getItem(i).Element;
    if (e) out.push(e);
  }
  return out;
}

/** How far back `ago(x)`, `now(-x)` or `now() - x` reaches, in seconds, when x is a constant. */
export function lookbackSeconds(node: Bound | null | undefined): number | undefined {
  const ago = callArguments(node, 'ago');
  if (ago?.length === 1) return constantSeconds(ago[0]);
  const now = callArguments(node, 'now');
  if (now?.length === 1 && syntaxKindName(now[0].Kind) === 'UnaryMinusExpression')
    return constantSeconds(now[0].Expression);
  if (
    node &&
    syntaxKindName(node.Kind) === 'SubtractExpression' &&
    callArguments(node.Left, 'now')?.length === 0
  )
    return constantSeconds(node.Right);
  return undefined;
}

/** How far back a comparison that keeps TimeGenerated after a point in time reaches, if the node is one. */
function lowerBound(node: Bound): number | undefined {
  switch (syntaxKindName(node.Kind)) {
    case 'GreaterThanExpression':
    case 'GreaterThanOrEqualExpression':
      return isTimeGenerated(node.Left) ? lookbackSeconds(node.Right) : undefined;
    case 'LessThanExpression':
    case 'LessThanOrEqualExpression':
      return isTimeGenerated(node.Right) ? lookbackSeconds(node.Left) : undefined;
    case 'BetweenExpression':
      return isTimeGenerated(node.Left) ? lookbackSeconds(node.Right?.First) : undefined;
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
      const seconds = lowerBound(bound);
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
