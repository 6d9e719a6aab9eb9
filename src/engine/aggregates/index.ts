/** Registry of aggregate functions, keyed on Kusto.Language's aggregate FunctionSymbols. */
import { kusto } from '../../kql/kusto.js';
import type { AggregateFunction } from '../functions/define.js';
import basic from './basic.js';
import collections from './collections.js';
import percentile from './percentile.js';
import takeAny from './take-any.js';

export const AGGREGATES: readonly AggregateFunction[] = [...basic, ...collections, ...takeAny, ...percentile];

let bySymbol: Map<unknown, AggregateFunction> | undefined;

export function unknownAggregateNames(): string[] {
  const globals = kusto().GlobalState.Default;
  return AGGREGATES.flatMap((f) => f.names).filter((n) => !globals?.GetAggregate(n));
}

export function aggregateFor(symbol: unknown): AggregateFunction | undefined {
  if (!bySymbol) {
    const globals = kusto().GlobalState.Default;
    bySymbol = new Map();
    for (const f of AGGREGATES)
      for (const name of f.names) {
        const s = globals?.GetAggregate(name);
        if (s) bySymbol.set(s, f);
      }
  }
  return bySymbol.get(symbol);
}
