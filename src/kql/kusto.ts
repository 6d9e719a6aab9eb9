/// <reference path="../../node_modules/@kusto/language-service-next/Kusto.Language.Bridge.d.ts" />
import { createRequire } from 'node:module';

/**
 * Loads Microsoft's Kusto.Language (the Bridge.NET build in @kusto/language-service-next) once per
 * process. src/kql/ is the only place that touches it; other stages use the types re-exported here.
 */
export type KustoLanguage = typeof Kusto.Language;
export type KustoCode = Kusto.Language.KustoCode;
export type GlobalState = Kusto.Language.GlobalState;
export type SyntaxNode = Kusto.Language.Syntax.SyntaxNode;
export type SyntaxKind = Kusto.Language.Syntax.SyntaxKind;
export type Expression = Kusto.Language.Syntax.Expression;
export type KustoSymbol = Kusto.Language.Symbols.Symbol;
export type TypeSymbol = Kusto.Language.Symbols.TypeSymbol;
export type TableSymbol = Kusto.Language.Symbols.TableSymbol;
export type ColumnSymbol = Kusto.Language.Symbols.ColumnSymbol;
export type FunctionSymbol = Kusto.Language.Symbols.FunctionSymbol;

let loaded: KustoLanguage | undefined;

export function kusto(): KustoLanguage {
  if (!loaded) {
    // A process started from the Kusto.Language snapshot (see kusto-snapshot.ts) has it already.
    const preloaded = (globalThis as unknown as { Kusto?: { Language?: KustoLanguage } }).Kusto?.Language;
    if (!preloaded) {
      const require = createRequire(import.meta.url);
      require('@kusto/language-service-next/bridge.min.js');
      require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
    }
    loaded = (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
  }
  return loaded;
}

/** True once Kusto.Language has been loaded in this process (used to prove a cached run skipped it). */
export function isKustoLoaded(): boolean {
  return loaded !== undefined;
}

/** Items of a .NET list as a JS array. */
export function listItems<T>(list: { Count: number; getItem(i: number): T } | null | undefined): T[] {
  const out: T[] = [];
  if (!list) return out;
  for (let i = 0; i < list.Count; i++) out.push(list.getItem(i));
  return out;
}

/**
 * Loads Kusto.Language and runs one analysis that touches the common operators: its first
 * analysis spends seconds on one-time initialisation, which a worker does while it waits for work.
 */
export function warmUpKusto(): void {
  const K = kusto();
  K.KustoCode.ParseAndAnalyze(WARM_UP_QUERY, K.GlobalState.Default);
}

/** The query `warmUpKusto` analyses (and the Kusto.Language snapshot is built after). */
export const WARM_UP_QUERY = `let t = datatable(a: string, b: long, d: dynamic, ts: datetime)[];
t
| where a has "x" and b > 1 and ts > ago(1d)
| extend j = parse_json(tostring(d)), s = strcat(a, "-"), l = tolower(a)
| mv-expand j
| join kind=leftouter (t | summarize c = count(), u = dcount(a) by a, bin(ts, 1h)) on a
| summarize arg_max(ts, *), make_set(s) by b
| project-away s
| top 10 by b desc`;
