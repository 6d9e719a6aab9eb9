import { RE2JS } from 're2js';
import type { SyntaxNode } from '../../kql/kusto.js';
import { separatedElements, syntaxKindName } from '../../kql/syntax.js';
import { queryRange, walkSyntax } from '../../kql/tables-read.js';
import { defineCheck } from '../check.js';

interface Bound {
  Kind: number;
  Right?: Bound | null;
  ReferencedSymbol?: { Name?: string | null } | null;
  ArgumentList?: {
    Expressions: { Count: number; getItem(i: number): { Element: Bound | null } } | null;
  } | null;
  IsConstant?: boolean;
  ConstantValueInfo?: { Value?: unknown } | null;
}

/** Which argument of a function is a regular expression (KQL's documented signatures). */
const REGEX_ARGUMENT: Record<string, number> = {
  extract: 0,
  extract_all: 0,
  replace_regex: 1,
  replace: 0,
  trim: 0,
  trim_start: 0,
  trim_end: 0,
};

/** The reason RE2 refuses a pattern, or undefined when it compiles. */
export function re2Error(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Kusto runs regular expressions with RE2, which has no backreferences, lookaround or possessive
 * quantifiers: such a pattern fails the query at run time. Constant patterns of `matches regex`,
 * extract, extract_all, replace_regex, replace, trim, trim_start, trim_end and countof(…, 'regex')
 * are compiled with re2js to find out before deploying.
 */
export default defineCheck({
  id: 'regex-re2',
  code: 'regexRejected',
  appliesTo: ['parser', 'hunting', 'analytic'],
  check(item, resolved, report) {
    const { code } = resolved.analysis(item);
    if (!code.Syntax) return;
    const test = (pattern: Bound | null | undefined) => {
      if (!pattern?.IsConstant) return;
      const value = pattern.ConstantValueInfo?.Value;
      if (typeof value !== 'string') return;
      const error = re2Error(value);
      if (error) {
        report({
          at: queryRange(code, pattern as unknown as SyntaxNode, item.query.text),
          message: `RE2, Kusto's regex engine, rejects ${JSON.stringify(value)}: ${error}. Rewrite it without backreferences or lookaround`,
        });
      }
    };
    walkSyntax(code.Syntax, (node) => {
      const bound = node as unknown as Bound;
      const kind = syntaxKindName(node.Kind);
      if (kind === 'MatchesRegexExpression') return test(bound.Right);
      if (kind !== 'FunctionCallExpression') return;
      const name = String(bound.ReferencedSymbol?.Name ?? '');
      const args = separatedElements(bound.ArgumentList?.Expressions);
      if (name === 'countof') {
        const mode = args[2]?.IsConstant ? args[2].ConstantValueInfo?.Value : undefined;
        if (typeof mode === 'string' && mode.toLowerCase() === 'regex') test(args[1]);
        return;
      }
      const index = REGEX_ARGUMENT[name];
      if (index !== undefined) test(args[index]);
    });
  },
});
