import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { normaliseType } from '../kql/types.js';
import type { ColumnDef } from '../kql/world.js';
import type { DeclaredWatchlist } from '../model/content.js';
import { type WatchlistDoc, WatchlistSchema } from '../model/watchlist.js';
import { validateAgainst } from './validate.js';
import type { YamlSource } from './yaml-source.js';

/** A watchlist declaration (content/watchlists/*.yaml) → a declared watchlist, or diagnostics. */
export function watchlistFromSource(source: YamlSource): {
  watchlist?: DeclaredWatchlist;
  diagnostics: Diagnostic[];
} {
  const diagnostics = validateAgainst(WatchlistSchema, source);
  if (diagnostics.length) return { diagnostics };
  const doc = source.value as WatchlistDoc;
  const file = source.file.path;
  const columns: ColumnDef[] = [];
  doc.columns.forEach((c, i) => {
    const type = normaliseType(c.type ?? 'string');
    if (!type) {
      diagnostics.push(
        diagnostic('schemaViolation', `column '${c.name}': '${c.type}' is not a KQL type`, {
          file,
          ...source.span(['columns', i, 'type']),
        }),
      );
      return;
    }
    if (columns.some((o) => o.name === c.name)) {
      diagnostics.push(
        diagnostic('schemaViolation', `column '${c.name}' is declared twice`, {
          file,
          ...source.span(['columns', i, 'name']),
        }),
      );
      return;
    }
    columns.push({ name: c.name, type });
  });
  if (!columns.some((c) => c.name === doc.searchKey)) {
    diagnostics.push(
      diagnostic('schemaViolation', `searchKey '${doc.searchKey}' is not one of the columns`, {
        file,
        ...source.span(['searchKey']),
      }),
    );
  }
  const names = new Set(columns.map((c) => c.name));
  (doc.rows ?? []).forEach((row, r) => {
    for (const key of Object.keys(row)) {
      if (!names.has(key)) {
        diagnostics.push(
          diagnostic('schemaViolation', `rows.${r}: '${key}' is not a column of the watchlist`, {
            file,
            ...source.span(['rows', r, key], true),
          }),
        );
      }
    }
  });
  if (diagnostics.length) return { diagnostics };
  return {
    watchlist: {
      alias: doc.alias,
      searchKey: doc.searchKey,
      columns,
      rows: doc.rows ?? [],
      file: source.file,
    },
    diagnostics,
  };
}
