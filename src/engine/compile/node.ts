/** Typing shortcuts over Kusto.Language's bound syntax tree (Bridge.NET objects). */
import { listItems } from '../../kql/kusto.js';
import { separatedElements, symbolKind, syntaxKind, syntaxKindName } from '../../kql/syntax.js';
import { type KqlType, typeOfSymbol } from '../../kql/types.js';
import type { Column } from '../table.js';

/** A syntax node of the bound tree; its members depend on its kind. */
// biome-ignore lint/suspicious/noExplicitAny: Bridge.NET syntax nodes are shaped by their kind
export type Node = any;

export { separatedElements, syntaxKind, syntaxKindName };

export function kindOf(node: Node): string {
  return syntaxKindName(node.Kind);
}

/** The KqlType the binder gave an expression (dynamic when it gave none). */
export function typeOf(node: Node): KqlType {
  return typeOfSymbol(node?.ResultType) ?? 'dynamic';
}

export function isTabular(node: Node): boolean {
  const rt = node?.ResultType;
  return !!rt && rt.Kind === symbolKind('Table');
}

/** Output columns of a tabular node, from the binder. */
export function columnsOf(node: Node): Column[] {
  const rt = node?.ResultType;
  if (!rt?.Columns) return [];
  return listItems(rt.Columns as { Count: number; getItem(i: number): Node }).map((c: Node) => ({
    name: c.Name as string,
    type: typeOfSymbol(c.Type) ?? 'dynamic',
  }));
}

/** Columns of a table/tuple symbol. */
export function columnsOfSymbol(symbol: Node): Column[] {
  if (!symbol?.Columns) return [];
  return listItems(symbol.Columns as { Count: number; getItem(i: number): Node }).map((c: Node) => ({
    name: c.Name as string,
    type: typeOfSymbol(c.Type) ?? 'dynamic',
  }));
}

/** The expressions of a separated list property such as `Expressions`. */
export function elements(list: Node): Node[] {
  return separatedElements(list);
}

/** Arguments of a function call. */
export function callArguments(call: Node): Node[] {
  return separatedElements(call.ArgumentList?.Expressions);
}

/** Named parameters (`kind=inner`, `withsource=X`) of an operator, lower-cased name → value node. */
export function namedParameters(node: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const p of listItems(node.Parameters as { Count: number; getItem(i: number): Node } | null))
    out.set(String(p.Name?.SimpleName ?? '').toLowerCase(), p.Expression);
  return out;
}

/** Text of a token-ish value node (`inner`, `regex`, an identifier). */
export function tokenText(node: Node): string {
  if (!node) return '';
  if (node.IsToken) return String(node.Text ?? '');
  const first = node.GetFirstToken?.();
  return String(first?.Text ?? node.SimpleName ?? '');
}

/** The symbol kind name of a node's referenced symbol. */
export function symbolKindOf(node: Node): number | undefined {
  return node?.ReferencedSymbol?.Kind;
}

export const SYM = {
  get Variable() {
    return symbolKind('Variable');
  },
  get Function() {
    return symbolKind('Function');
  },
  get Parameter() {
    return symbolKind('Parameter');
  },
  get Column() {
    return symbolKind('Column');
  },
  get Table() {
    return symbolKind('Table');
  },
  get Tuple() {
    return symbolKind('Tuple');
  },
};
