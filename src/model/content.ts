import type { ProjectConfig } from '../config/config.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ColumnDef, FunctionParameterDef, TableDef } from '../kql/world.js';
import type { SourceFile } from '../load/source-file.js';
import type { YamlSource } from '../load/yaml-source.js';
import type { AnalyticRuleDoc } from './analytic-rule.js';
import type { HuntingQueryDoc } from './hunting-query.js';
import type { ExpectDoc } from './test-case.js';

export type ContentKind = 'parser' | 'hunting' | 'analytic';

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
  query: EmbeddedQuery;
  tests: TestCase[];
}

export interface ParserItem extends ItemBase {
  kind: 'parser';
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

export type ContentItem = ParserItem | HuntingItem | AnalyticItem;

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
  items: ContentItem[];
  /** Every file read, by project-relative path (for code frames). */
  files: Map<string, SourceFile>;
  /** Problems found while loading: bad YAML, schema violations, unreadable files. */
  diagnostics: Diagnostic[];
}
