import { kusto, type TypeSymbol } from './kusto.js';

/** Our spelling of KQL scalar types: the names `getschema` prints, normalised (`double` → `real`). */
export type KqlType =
  | 'string'
  | 'int'
  | 'long'
  | 'real'
  | 'decimal'
  | 'bool'
  | 'datetime'
  | 'timespan'
  | 'dynamic'
  | 'guid';

const ALIASES: Record<string, KqlType> = {
  string: 'string',
  int: 'int',
  int32: 'int',
  long: 'long',
  int64: 'long',
  real: 'real',
  double: 'real',
  decimal: 'decimal',
  bool: 'bool',
  boolean: 'bool',
  datetime: 'datetime',
  date: 'datetime',
  timespan: 'timespan',
  time: 'timespan',
  dynamic: 'dynamic',
  guid: 'guid',
  uniqueid: 'guid',
};

/** Normalises a type name (`Double`, `System.String`, `boolean` …) or returns undefined if unknown. */
export function normaliseType(name: string): KqlType | undefined {
  const n = name
    .trim()
    .toLowerCase()
    .replace(/^system\./, '');
  return ALIASES[n];
}

export function scalarSymbol(type: KqlType): TypeSymbol {
  const symbol = kusto().Symbols.ScalarTypes.GetSymbol(type);
  if (!symbol) throw new Error(`Kusto.Language has no scalar type '${type}'`);
  return symbol;
}

/** The KqlType of a bound type symbol; tables and unknowns give undefined. */
export function typeOfSymbol(symbol: TypeSymbol | null | undefined): KqlType | undefined {
  if (!symbol) return undefined;
  const name = (symbol as unknown as { Name: string }).Name;
  return normaliseType(name ?? '');
}
