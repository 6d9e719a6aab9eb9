/**
 * Registry of built-in scalar functions, keyed on the FunctionSymbol objects of Kusto.Language (the very
 * objects the binder puts in `ReferencedSymbol`), so the engine never resolves names itself.
 */
import { kusto } from '../../kql/kusto.js';
import columnifexists from './conditional/columnifexists.js';
import conditional from './conditional/conditional.js';
import convert from './conversion/convert.js';
import parseJson from './conversion/parse-json.js';
import bin from './datetime/bin.js';
import now from './datetime/now.js';
import type { ScalarFunction } from './define.js';
import arrays from './dynamic/arrays.js';
import bags from './dynamic/bags.js';
import basic from './string/basic.js';
import regex from './string/regex.js';
import trim from './string/trim.js';

export const SCALAR_FUNCTIONS: readonly ScalarFunction[] = [
  ...now,
  ...bin,
  ...convert,
  ...parseJson,
  ...conditional,
  ...columnifexists,
  ...basic,
  ...trim,
  ...regex,
  ...arrays,
  ...bags,
];

let bySymbol: Map<unknown, ScalarFunction> | undefined;

/** Names that Kusto.Language does not know as functions (a bug in a function file). */
export function unknownFunctionNames(): string[] {
  const globals = kusto().GlobalState.Default;
  return SCALAR_FUNCTIONS.flatMap((f) => f.names).filter((n) => !globals?.GetFunction(n));
}

export function scalarFunctionFor(symbol: unknown): ScalarFunction | undefined {
  if (!bySymbol) {
    const globals = kusto().GlobalState.Default;
    bySymbol = new Map();
    for (const f of SCALAR_FUNCTIONS)
      for (const name of f.names) {
        const s = globals?.GetFunction(name);
        if (s) bySymbol.set(s, f);
      }
  }
  return bySymbol.get(symbol);
}
