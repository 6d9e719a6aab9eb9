import { syntaxKindName } from '../../kql/syntax.js';
import { queryRange, walkSyntax } from '../../kql/tables-read.js';
import { defineCheck } from '../check.js';

interface Bound {
  Kind: number;
  Right?: Bound | null;
  IsConstant?: boolean;
  ConstantValueInfo?: { Value?: unknown } | null;
}

const HAS_FOR: Record<string, string> = {
  ContainsExpression: 'has',
  NotContainsExpression: '!has',
  ContainsCsExpression: 'has_cs',
  NotContainsCsExpression: '!has_cs',
};
const CONTAINS_FOR: Record<string, string> = {
  ContainsExpression: 'contains',
  NotContainsExpression: '!contains',
  ContainsCsExpression: 'contains_cs',
  NotContainsCsExpression: '!contains_cs',
};

const TERM_CHAR = /[\p{L}\p{N}]/u;

/**
 * True when `has` finds exactly what `contains` finds for this needle: `has` only adds the condition
 * that an alphanumeric end of the needle sits on a term boundary, so a needle that starts and ends
 * with a non-alphanumeric character (`" -enc "`, `"\\powershell.exe "`, `"/admin/"`) matches the same
 * rows either way. It must hold a term of 3 or more characters for the term index to help.
 */
export function hasIsEquivalent(needle: string): boolean {
  if (needle.length < 2) return false;
  if (TERM_CHAR.test(needle[0]) || TERM_CHAR.test(needle[needle.length - 1])) return false;
  return /[\p{L}\p{N}]{3,}/u.test(needle);
}

/**
 * `contains` scans every string; `has` uses the term index. When the operand is bounded by
 * non-alphanumeric characters on both sides, the two give the same result, so `has` is the faster
 * spelling. Operands ending in a letter or digit are left alone: there `has "Copilot"` would miss
 * `CopilotInteraction`, which `contains` finds.
 */
export default defineCheck({
  id: 'prefer-has',
  code: 'containsCouldBeHas',
  appliesTo: ['parser', 'hunting', 'analytic'],
  check(item, resolved, report) {
    const { code } = resolved.analysis(item);
    if (!code.Syntax) return;
    walkSyntax(code.Syntax, (node) => {
      const kind = syntaxKindName(node.Kind);
      const has = HAS_FOR[kind];
      if (!has) return;
      const right = (node as unknown as Bound).Right;
      const value = right?.IsConstant ? right.ConstantValueInfo?.Value : undefined;
      if (typeof value !== 'string' || !hasIsEquivalent(value)) return;
      report({
        at: queryRange(code, node, item.query.text),
        message: `${CONTAINS_FOR[kind]} ${JSON.stringify(value)}: the operand starts and ends on a term boundary, so ${has} gives the same rows and uses the term index; write ${has} ${JSON.stringify(value)}`,
      });
    });
  },
});
