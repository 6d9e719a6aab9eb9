import type { ContentItem, Project } from '../model/content.js';
import { builtinTable, builtinTablesUsedBy } from './schema-pack.js';
import { type AnalyzedQuery, type TableDef, World } from './world.js';

/** The project resolved against Kusto.Language: one World and each item's query analysed once. */
export interface ResolvedProject {
  project: Project;
  world: World;
  analysis(item: ContentItem): AnalyzedQuery;
  /**
   * Each query of an item with where it starts in `item.query.text`: one for most items, one per
   * query for a workbook (whose `analysis` merges their diagnostics and has no output columns).
   */
  queries(item: ContentItem): { offset: number; analysis: AnalyzedQuery }[];
  /** A table's schema: declared in the project, else from the built-in schema pack. */
  table(name: string): TableDef | undefined;
}

export interface ResolveOptions {
  /**
   * The built-in tables the World declares (see `usedBuiltinTables`); default: those the project's
   * queries name. A test worker, which loads only part of the project, is given the whole project's.
   */
  builtinTables?: readonly string[];
}

/** The names of the built-in tables that the project's queries name and it does not declare itself. */
export function usedBuiltinTables(project: Project): string[] {
  const declared = new Set(project.tables.map((t) => t.name));
  return builtinTablesUsedBy(
    project.items.map((i) => i.query.text),
    declared,
  ).map((t) => t.name);
}

/** Builds the project's World: declared tables plus every parser registered as a function with its body. */
export function resolveProject(project: Project, options: ResolveOptions = {}): ResolvedProject {
  // A name declared twice is reported by the check stage; Kusto.Language gets the first declaration only.
  const names = new Set(project.tables.map((t) => t.name));
  const functions = project.items.flatMap((item) => {
    if (item.kind !== 'parser' || names.has(item.functionName)) return [];
    names.add(item.functionName);
    return [{ name: item.functionName, parameters: item.parameters, body: item.query.text }];
  });
  // Tables declared in the project override the built-in pack's.
  const builtins = (options.builtinTables ?? usedBuiltinTables(project)).flatMap(
    (name) => builtinTable(name) ?? [],
  );
  // Built on first use: a run whose results all come from the check cache never loads Kusto.Language.
  let built: World | undefined;
  const world = () => {
    built ??= new World([...project.tables, ...builtins], functions, project.watchlists ?? []);
    return built;
  };
  const cache = new Map<ContentItem, AnalyzedQuery>();
  const workbookCache = new Map<ContentItem, { offset: number; analysis: AnalyzedQuery }[]>();
  const queries = (item: ContentItem) => {
    if (item.kind !== 'workbook') return [{ offset: 0, analysis: analysis(item) }];
    let result = workbookCache.get(item);
    if (!result) {
      result = item.queries.map((q) => ({ offset: q.offset, analysis: world().analyze(q.query.text) }));
      workbookCache.set(item, result);
    }
    return result;
  };
  const analysis = (item: ContentItem): AnalyzedQuery => {
    let result = cache.get(item);
    if (!result) {
      if (item.kind === 'workbook') {
        const parts = queries(item);
        result = {
          code: parts[0]?.analysis.code ?? world().analyze('print 0').code,
          diagnostics: parts.flatMap((p) =>
            p.analysis.diagnostics.map((d) => ({ ...d, start: d.start + p.offset })),
          ),
          columns: undefined,
        };
      } else
        result =
          item.kind === 'parser'
            ? world().analyzeFunctionBody(item.query.text, item.parameters)
            : world().analyze(item.query.text);
      cache.set(item, result);
    }
    return result;
  };
  return {
    project,
    get world() {
      return world();
    },
    table: (name) => project.tables.find((t) => t.name === name) ?? builtinTable(name),
    analysis,
    queries,
  };
}
