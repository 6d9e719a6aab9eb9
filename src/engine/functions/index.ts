/**
 * Registry of built-in scalar functions, keyed on the FunctionSymbol objects of Kusto.Language (the very
 * objects the binder puts in `ReferencedSymbol`), so the engine never resolves names itself.
 */
import { kusto } from '../../kql/kusto.js';
import columnifexists from './conditional/columnifexists.js';
import conditional from './conditional/conditional.js';
import convert from './conversion/convert.js';
import gettype from './conversion/gettype.js';
import parseJson from './conversion/parse-json.js';
import datetimeArithmetic from './datetime/arithmetic.js';
import bin from './datetime/bin.js';
import datetimeFormat from './datetime/format.js';
import datetimeMake from './datetime/make.js';
import now from './datetime/now.js';
import datetimeParts from './datetime/parts.js';
import startof from './datetime/startof.js';
import timezone from './datetime/timezone.js';
import type { ScalarFunction } from './define.js';
import arrays from './dynamic/arrays.js';
import bags from './dynamic/bags.js';
import extractJson from './dynamic/extract-json.js';
import moreArrays from './dynamic/more-arrays.js';
import hash from './hash/hash.js';
import xxhash from './hash/xxhash64.js';
import hasIpv4 from './ip/has-ipv4.js';
import ipv4 from './ip/ipv4.js';
import ipv6 from './ip/ipv6.js';
import bitwise from './math/binary.js';
import math from './math/math.js';
import basic from './string/basic.js';
import encoding from './string/encoding.js';
import moreStrings from './string/more.js';
import parseUrl from './string/parse-url.js';
import regex from './string/regex.js';
import trim from './string/trim.js';
import window from './window/row.js';

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
  ...datetimeArithmetic,
  ...datetimeFormat,
  ...datetimeMake,
  ...datetimeParts,
  ...startof,
  ...gettype,
  ...hash,
  ...ipv4,
  ...ipv6,
  ...math,
  ...encoding,
  ...parseUrl,
  ...window,
  ...moreStrings,
  ...xxhash,
  ...extractJson,
  ...timezone,
  ...hasIpv4,
  ...bitwise,
  ...moreArrays,
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
