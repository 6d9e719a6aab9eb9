import { kusto, listItems, type SyntaxNode } from './kusto.js';

/**
 * Small helpers for walking Kusto.Language's syntax trees (kinds by name, separated lists), so callers
 * outside src/kql need not know the Bridge.NET shapes.
 */
export type SyntaxKindName = keyof typeof Kusto.Language.Syntax.SyntaxKind;

let kindNames: Map<number, string> | undefined;

/** The numeric SyntaxKind of a kind name, e.g. `syntaxKind('FilterOperator')`. */
export function syntaxKind(name: SyntaxKindName): number {
  const value = (kusto().Syntax.SyntaxKind as unknown as Record<string, number>)[name];
  if (value === undefined) throw new Error(`Kusto.Language has no syntax kind '${name}'`);
  return value;
}

/** The name of a numeric SyntaxKind, e.g. 'FilterOperator'. */
export function syntaxKindName(kind: number): string {
  if (!kindNames) {
    kindNames = new Map();
    for (const [name, value] of Object.entries(
      kusto().Syntax.SyntaxKind as unknown as Record<string, number>,
    ))
      if (typeof value === 'number') kindNames.set(value, name);
  }
  return kindNames.get(kind) ?? String(kind);
}

/** The SymbolKind enum values by name. */
export function symbolKind(name: keyof typeof Kusto.Language.Symbols.SymbolKind): number {
  return (kusto().Symbols.SymbolKind as unknown as Record<string, number>)[name];
}

/** The elements of a separated list (`a, b, c`), without separators. */
export function separatedElements<T>(
  list: { Count: number; getItem(i: number): { Element: T | null } } | null | undefined,
): T[] {
  return listItems(list)
    .map((e) => e.Element)
    .filter((e): e is T => e !== null);
}

/** The direct child nodes of a node (tokens excluded). */
export function childNodes(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let i = 0; i < node.ChildCount; i++) {
    const child = node.GetChild(i);
    if (child && !(child as unknown as { IsToken: boolean }).IsToken) out.push(child as SyntaxNode);
  }
  return out;
}
