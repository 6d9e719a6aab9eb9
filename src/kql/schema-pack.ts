import { queryWords } from './query-words.js';
import pack from './schema-pack/sentinel-tables.json' with { type: 'json' };
import { type KqlType, normaliseType } from './types.js';
import type { TableDef } from './world.js';

const entries = (pack as { tables: Record<string, string> }).tables;

/** Names of the built-in tables (Sentinel's and Log Analytics' own), made from ../shared/reference/tables. */
export function builtinTableNames(): string[] {
  return Object.keys(entries);
}

/** A built-in table's schema, or undefined when the pack has no table of that name. */
export function builtinTable(name: string): TableDef | undefined {
  const spec = Object.hasOwn(entries, name) ? entries[name] : undefined;
  if (spec === undefined) return undefined;
  const columns = spec.split(',').map((entry) => {
    const colon = entry.lastIndexOf(':');
    return {
      name: entry.slice(0, colon),
      type: (normaliseType(entry.slice(colon + 1)) ?? 'dynamic') as KqlType,
    };
  });
  return { name, columns };
}

/**
 * The built-in tables a set of queries may read: those whose name appears as a word in any of them.
 * Registering only these keeps Kusto.Language's symbol tables small; a name that does not appear in
 * the text cannot be bound anyway (`table('X')` with a literal name contains X too).
 */
export function builtinTablesUsedBy(queries: readonly string[], exclude: ReadonlySet<string>): TableDef[] {
  const words = new Set<string>();
  for (const q of queries) for (const w of queryWords(q)) words.add(w);
  const out: TableDef[] = [];
  for (const w of words) {
    if (exclude.has(w)) continue;
    const table = builtinTable(w);
    if (table) out.push(table);
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}
