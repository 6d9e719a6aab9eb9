import type { KustoCode, SyntaxNode } from './kusto.js';
import { childNodes, symbolKind, syntaxKindName } from './syntax.js';

/**
 * The tables a query reads, found on the bound tree: every name the binder resolved to a table, every
 * `table('X')` whose table it could resolve, through the expansions of the user functions (parsers and
 * let-functions) the query calls. Also the bound-tree walk the content lints use.
 */
export interface TablesRead {
  /** Table names, sorted, each once. */
  tables: string[];
  /**
   * False when the query may read tables that cannot be named statically: `union *`, `search` without
   * `in (…)`, `table(x)` or `database()` the binder could not resolve, a function without a body.
   */
  complete: boolean;
}

/** How deep expansions of functions calling functions are followed; parsers rarely nest past three. */
const MAX_EXPANSION_DEPTH = 8;

export interface WalkOptions {
  /** Also walk the bodies of the user functions the query calls (their offsets are not the query's). */
  expansions?: boolean;
}

/**
 * Calls `visit` on every node of `root` (tokens excluded), parents before children. With `expansions`,
 * a call of a user function is followed into its expanded body; `inExpansion` says where a node is.
 * Let-function declarations are walked as written (they are in the query's text).
 */
export function walkSyntax(
  root: SyntaxNode,
  visit: (node: SyntaxNode, inExpansion: boolean) => void,
  options: WalkOptions = {},
): void {
  const functionKind = symbolKind('Function');
  const walk = (node: SyntaxNode, depth: number): void => {
    visit(node, depth > 0);
    if (options.expansions && depth < MAX_EXPANSION_DEPTH) {
      const symbol = (node as unknown as { ReferencedSymbol?: { Kind: number } | null }).ReferencedSymbol;
      if (symbol?.Kind === functionKind) {
        const expansion = (node as unknown as { GetExpansion?: () => SyntaxNode | null }).GetExpansion?.();
        if (expansion) walk(expansion, depth + 1);
      }
    }
    for (const child of childNodes(node)) walk(child, depth);
  };
  walk(root, 0);
}

interface BoundNode {
  Kind: number;
  ReferencedSymbol?: { Kind: number; Name: string | null } | null;
  ResultType?: { Kind: number; Name: string | null } | null;
}

/** The tables a bound query reads, through parsers and let-functions. */
export function tablesRead(code: KustoCode): TablesRead {
  const tableKind = symbolKind('Table');
  const functionKind = symbolKind('Function');
  const tables = new Set<string>();
  let complete = true;
  const root = code.Syntax;
  if (!root) return { tables: [], complete: false };
  // Let-function bodies are read where they are called (through the expansion), not where declared:
  // `table(name)` inside one only has a table once an argument is bound.
  const declarations = new Set<SyntaxNode>();
  walkSyntax(root, (node) => {
    if (syntaxKindName(node.Kind) === 'FunctionDeclaration') declarations.add(node);
  });
  const insideDeclaration = (node: SyntaxNode): boolean => {
    for (let n: SyntaxNode | null = node; n; n = n.Parent) if (declarations.has(n)) return true;
    return false;
  };
  walkSyntax(
    root,
    (node, inExpansion) => {
      const kind = syntaxKindName(node.Kind);
      if (!inExpansion && insideDeclaration(node)) return;
      const bound = node as unknown as BoundNode;
      const symbol = bound.ReferencedSymbol;
      if (
        kind === 'NameReference' &&
        childNodes(node).some((c) => syntaxKindName(c.Kind) === 'WildcardedName')
      ) {
        complete = false; // union * / union Security*: whatever tables exist when it runs
        return;
      }
      if (kind === 'NameReference' && symbol?.Kind === tableKind && symbol.Name) {
        tables.add(symbol.Name);
        return;
      }
      if (kind === 'FunctionCallExpression' && symbol?.Kind === functionKind) {
        const name = symbol.Name ?? '';
        if (name === 'table' || name === 'database' || name === 'cluster' || name === 'external_table') {
          const result = bound.ResultType;
          if (name === 'table' && result?.Kind === tableKind && result.Name) tables.add(result.Name);
          else if (name !== 'database' && name !== 'cluster') complete = false;
        }
        return;
      }
      if (searchesEveryTable(node)) complete = false;
      if (kind === 'FindOperator') complete = false;
    },
    { expansions: true },
  );
  return { tables: [...tables].sort(), complete };
}

/** A `search` with neither `in (…)` nor a table piped into it: it reads every table. */
export function searchesEveryTable(node: SyntaxNode): boolean {
  if (syntaxKindName(node.Kind) !== 'SearchOperator') return false;
  const search = node as unknown as {
    InClause: unknown;
    Parent: { Kind: number; Operator?: unknown } | null;
  };
  if (search.InClause) return false;
  const parent = search.Parent;
  return !(parent && syntaxKindName(parent.Kind) === 'PipeExpression' && parent.Operator === node);
}

/** A node's range as offsets in `queryText`, the text the item holds (a parser's prefix removed). */
export function queryRange(
  code: KustoCode,
  node: SyntaxNode,
  queryText: string,
): { queryStart: number; queryEnd: number } {
  const shift = (code.Text?.length ?? queryText.length) - queryText.length;
  const start = Math.max(0, node.TextStart - shift);
  return { queryStart: start, queryEnd: Math.max(start, node.End - shift) };
}
