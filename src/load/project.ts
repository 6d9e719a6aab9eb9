import path from 'node:path';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type {
  ContentItem,
  ContentKind,
  DeclaredTable,
  DeclaredWatchlist,
  Project,
} from '../model/content.js';
import { TestsFileSchema } from '../model/test-case.js';
import { loadConfig } from './config.js';
import { discoverFiles, discoverYaml, EXTENSIONS, isTestsFile } from './discover.js';
import { itemFromSource, parserFromKqlFile } from './items.js';
import { applyNamedValues } from './named-values.js';
import { readSourceFile } from './read-file.js';
import type { SourceFile } from './source-file.js';
import { tableFromCustomTableJson, tableFromGetschemaCsv, tableFromSource } from './tables.js';
import { testsFromSource } from './tests.js';
import { validateAgainst } from './validate.js';
import { watchlistFromSource } from './watchlists.js';
import { workbookFromSource } from './workbooks.js';
import { type Span, YamlSource } from './yaml-source.js';

/**
 * Loads a project: kqlc.yaml (or the default layout), table schemas (YAML, CustomTables JSON, getschema
 * CSV), watchlists, every parser (YAML in any form, or a legacy .kql/.txt), hunting query and analytic
 * rule with its tests, and workbooks (gallery JSON or YAML). Never throws on bad content: every problem is a diagnostic.
 */
export interface LoadOptions {
  /**
   * Which hunting queries, analytic rules and workbooks to read (by project-relative path); the
   * default is all. Tables, watchlists and parsers are always read: other items depend on them.
   */
  items?: (relativePath: string) => boolean;
}

export async function loadProject(root: string, options: LoadOptions = {}): Promise<Project> {
  const wanted = options.items ?? (() => true);
  const absoluteRoot = path.resolve(root);
  const { config, diagnostics } = await loadConfig(absoluteRoot);
  const files = new Map<string, SourceFile>();
  const parse = async (relative: string): Promise<YamlSource | undefined> => {
    const read = await readSourceFile(path.join(absoluteRoot, relative), relative);
    diagnostics.push(...read.diagnostics);
    if (!read.file) return undefined;
    files.set(relative, read.file);
    const parsed = YamlSource.parse(read.file);
    diagnostics.push(...parsed.diagnostics);
    return parsed.source;
  };

  const read = async (relative: string): Promise<SourceFile | undefined> => {
    const got = await readSourceFile(path.join(absoluteRoot, relative), relative);
    diagnostics.push(...got.diagnostics);
    if (got.file) files.set(relative, got.file);
    return got.file;
  };

  const tables: DeclaredTable[] = [];
  for (const relative of await discoverFiles(absoluteRoot, config.paths.tables, EXTENSIONS.tables)) {
    const found = await loadTable(relative, read, parse);
    if (!found) continue;
    diagnostics.push(...found.diagnostics);
    const table = found.table;
    if (!table) continue;
    const existing = tables.find((t) => t.name === table.name);
    if (existing) {
      diagnostics.push(
        diagnostic('tableDuplicate', `table '${table.name}' is already declared in ${existing.file.path}`, {
          file: relative,
          ...found.nameSpan,
        }),
      );
      continue;
    }
    tables.push(table);
  }

  const watchlists: DeclaredWatchlist[] = [];
  for (const relative of await discoverYaml(absoluteRoot, config.paths.watchlists)) {
    const source = await parse(relative);
    if (!source) continue;
    const { watchlist, diagnostics: found } = watchlistFromSource(source);
    diagnostics.push(...found);
    if (!watchlist) continue;
    const existing = watchlists.find((w) => w.alias.toLowerCase() === watchlist.alias.toLowerCase());
    if (existing) {
      diagnostics.push(
        diagnostic(
          'watchlistDuplicate',
          `watchlist '${watchlist.alias}' is already declared in ${existing.file.path}`,
          { file: relative, ...source.span(['alias']) },
        ),
      );
      continue;
    }
    watchlists.push(watchlist);
  }

  const items: ContentItem[] = [];
  const withTests = async (
    relative: string,
    source: YamlSource,
    item: ContentItem,
    discovered: ReadonlySet<string>,
    inFile = true,
  ) => {
    if (inFile) item.tests.push(...testsFromSource(source, ['tests'], item, config.paths.samples));
    const sibling = await siblingTests(discovered, relative, item, config.paths.samples, parse, diagnostics);
    item.tests.push(...sibling);
    items.push(item);
  };
  const kinds: [ContentKind, string[], readonly string[]][] = [
    ['parser', config.paths.parsers, EXTENSIONS.parsers],
    ['hunting', config.paths.hunting, EXTENSIONS.yaml],
    ['analytic', config.paths.analytics, EXTENSIONS.yaml],
  ];
  for (const [kind, entries, extensions] of kinds) {
    const discovered = await discoverFiles(absoluteRoot, entries, extensions);
    const known = new Set(discovered);
    for (const relative of discovered) {
      if (isTestsFile(relative) || (kind !== 'parser' && !wanted(relative))) continue;
      if (kind === 'parser' && /\.(kql|txt)$/i.test(relative)) {
        const file = await read(relative);
        if (!file) continue;
        const { item, diagnostics: found } = parserFromKqlFile(file);
        diagnostics.push(...found);
        if (item) items.push(item);
        continue;
      }
      const source = await parse(relative);
      if (!source) continue;
      const { item, diagnostics: found } = itemFromSource(source, kind);
      diagnostics.push(...found);
      if (item) await withTests(relative, source, item, known);
    }
  }
  const workbookFiles = await discoverFiles(absoluteRoot, config.paths.workbooks, EXTENSIONS.workbooks);
  const knownWorkbookFiles = new Set(workbookFiles);
  for (const relative of workbookFiles) {
    if (isTestsFile(relative) || !wanted(relative)) continue;
    const source = await parse(relative);
    if (!source) continue;
    const { item, diagnostics: found } = workbookFromSource(source);
    diagnostics.push(...found);
    // A gallery JSON workbook is published as written, so its tests live only in a sibling tests file.
    if (item) await withTests(relative, source, item, knownWorkbookFiles, item.form !== 'gallery');
  }
  diagnostics.push(...applyNamedValues(items, config));
  return { root: absoluteRoot, config, tables, watchlists, items, files, diagnostics };
}

/** A table schema in any accepted format: our YAML, CustomTables JSON, or getschema CSV. */
async function loadTable(
  relative: string,
  read: (relative: string) => Promise<SourceFile | undefined>,
  parse: (relative: string) => Promise<YamlSource | undefined>,
): Promise<{ table?: DeclaredTable; diagnostics: Diagnostic[]; nameSpan: Span } | undefined> {
  const start = { line: 1, column: 1 };
  if (/\.csv$/i.test(relative)) {
    const file = await read(relative);
    if (!file) return undefined;
    return { ...tableFromGetschemaCsv(file), nameSpan: { start, end: start } };
  }
  const source = await parse(relative);
  if (!source) return undefined;
  if (/\.json$/i.test(relative)) {
    return { ...tableFromCustomTableJson(source), nameSpan: source.span([]) };
  }
  return { ...tableFromSource(source), nameSpan: source.span(['name']) };
}

async function siblingTests(
  discovered: ReadonlySet<string>,
  relative: string,
  item: ContentItem,
  samples: string,
  parse: (relative: string) => Promise<YamlSource | undefined>,
  diagnostics: Diagnostic[],
) {
  const candidates = [
    relative.replace(/\.(ya?ml|json)$/i, '.tests.yaml'),
    relative.replace(/\.(ya?ml|json)$/i, '.tests.yml'),
  ];
  const found = candidates.find((c) => discovered.has(c));
  if (!found) return [];
  const source = await parse(found);
  if (!source) return [];
  const invalid = validateAgainst(TestsFileSchema, source, item.id);
  diagnostics.push(...invalid);
  if (invalid.length) return [];
  return testsFromSource(source, ['tests'], item, samples);
}
