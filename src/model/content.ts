import type { ProjectConfig } from '../config/config.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ColumnDef, FunctionParameterDef, TableDef } from '../kql/world.js';
import type { SourceFile } from '../load/source-file.js';
import type { TokenParameter } from '../load/workbook-tokens.js';
import type { YamlSource } from '../load/yaml-source.js';
import type { AnalyticRuleDoc } from './analytic-rule.js';
import type { HuntingQueryDoc } from './hunting-query.js';
import type { ExpectDoc } from './test-case.js';
import type { WorkbookDoc } from './workbook.js';

export type ContentKind = 'parser' | 'hunting' | 'analytic' | 'workbook';

/** KQL embedded in a content file, with the way back from an offset in the query to the file. */
export interface EmbeddedQuery {
  text: string;
  /** File offset of the character at `offset` in `text`. */
  fileOffset(offset: number): number;
}

interface ItemBase {
  kind: ContentKind;
  /** The GUID of the item (absent only in a malformed file). */
  id: string;
  /** Display name (for parsers, the function alias). */
  name: string;
  source: YamlSource;
  /** The query as analysed and tested: named values (`{{Name}}`) substituted with the check values. */
  query: EmbeddedQuery;
  /** The query as written, when named values were substituted into `query` (src/load/named-values.ts). */
  template?: EmbeddedQuery;
  tests: TestCase[];
}

/**
 * How a parser was written: kqlc's own YAML, the Azure-Sentinel ASIM form (ParserName/ParserQuery),
 * the solution form (FunctionName/FunctionQuery), or a legacy `.kql`/`.txt` file named after its alias.
 */
export type ParserForm = 'kqlc' | 'asim' | 'solution' | 'legacy';

export interface ParserItem extends ItemBase {
  kind: 'parser';
  form: ParserForm;
  /** The function alias queries call. */
  functionName: string;
  title: string;
  description: string;
  category: string;
  version: string | undefined;
  parameters: FunctionParameterDef[];
}

export interface HuntingItem extends ItemBase {
  kind: 'hunting';
  doc: HuntingQueryDoc;
}

export interface AnalyticItem extends ItemBase {
  kind: 'analytic';
  doc: AnalyticRuleDoc;
}

/** One Log Analytics query of a workbook, after its parameter tokens were replaced by typed placeholders. */
export interface WorkbookQuery {
  /** Where the query is written in the workbook file (the `query` node). */
  path: (string | number)[];
  /** The step's name or title, for messages. */
  label: string;
  /** The query as analysed (tokens substituted), mapped back to the file. */
  query: EmbeddedQuery;
  /** Start of this query in the workbook item's combined `query.text`. */
  offset: number;
}

/**
 * A workbook: gallery JSON (`Notebook/1.0`, as exported from the portal) or kqlc's YAML authoring form.
 * It holds several queries; `query` is all of them joined by blank lines, so that an offset into it maps
 * back to the file like any other item's (`queries[i].offset` says where each one starts). Checks must
 * analyse the queries one by one (ResolvedProject.queries), never the combined text.
 */
export interface WorkbookItem extends ItemBase {
  kind: 'workbook';
  form: 'gallery' | 'yaml';
  title: string;
  /**
   * The workbook in kqlc's YAML form (converted when the file is gallery JSON). Typed with every field
   * of the rule and hunting formats as absent, so code that reads `item.doc.tactics` after ruling out
   * parsers keeps compiling and finds nothing for a workbook.
   */
  doc: WorkbookDoc & NoRuleFields;
  /** The gallery JSON object, when the file is one (kept as written, for publishing it unchanged). */
  gallery?: Record<string, unknown>;
  queries: WorkbookQuery[];
  /** The parameters its queries' tokens may name (declared, or exported by a step), by name. */
  tokenParameters?: ReadonlyMap<string, TokenParameter>;
}

/** The fields of analytic rules and hunting queries that a workbook does not have, as absent. */
export type NoRuleFields = {
  [K in Exclude<keyof AnalyticRuleDoc | keyof HuntingQueryDoc, keyof WorkbookDoc>]?: undefined;
};

export type ContentItem = ParserItem | HuntingItem | AnalyticItem | WorkbookItem;

/** A watchlist declared in content/watchlists, so `_GetWatchlist('alias')` is typed, checked and testable. */
export interface DeclaredWatchlist {
  alias: string;
  searchKey: string;
  columns: ColumnDef[];
  /** Rows as declared (column name → value); tests see them through `_GetWatchlist`. */
  rows: Record<string, unknown>[];
  file: SourceFile;
}

/** Input rows of one table for one test: inline, or from a JSON Lines file under the samples folder. */
export interface TableInput {
  table: string;
  rows?: Record<string, unknown>[];
  /** Project-relative path of a JSON Lines file. */
  file?: string;
  /** Where this input is declared: the path in the YAML document. */
  path: (string | number)[];
}

export interface TestCase {
  name: string;
  /** The item under test. */
  item: ContentItem;
  /** Where the test is written (the item's own file, or a sibling `.tests.yaml`). */
  source: YamlSource;
  /** Path of the test in `source`, for positions. */
  path: (string | number)[];
  now: string | undefined;
  params: Record<string, unknown>;
  inputs: TableInput[];
  /** Workbooks: the handle of the query under test (step name, title, `parameter <Name>` or path). */
  query?: string;
  /** Workbooks: values of the parameter tokens, as written in the test. */
  parameters?: Record<string, unknown>;
  /** Rows `_GetWatchlist('alias')` returns in this test (`table` is the alias), replacing the declared ones. */
  watchlists?: TableInput[];
  expect: ExpectDoc;
}

export interface DeclaredTable extends TableDef {
  file: SourceFile;
  columns: ColumnDef[];
}

export interface Project {
  /** Absolute path of the project root. */
  root: string;
  config: ProjectConfig;
  tables: DeclaredTable[];
  watchlists: DeclaredWatchlist[];
  items: ContentItem[];
  /** Every file read, by project-relative path (for code frames). */
  files: Map<string, SourceFile>;
  /** Problems found while loading: bad YAML, schema violations, unreadable files. */
  diagnostics: Diagnostic[];
}
