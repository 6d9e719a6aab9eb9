/**
 * The local KQL engine: evaluates Kusto.Language's bound syntax tree. The tree is lowered once into a
 * plan of compiled closures (src/engine/compile), then run over columnar tables.
 */
import type { KustoCode } from '../kql/kusto.js';
import type { KqlType } from '../kql/types.js';
import { type FunctionDef, World } from '../kql/world.js';
import { CompileContext, QueryState } from './compile/context.js';
import { columnsOfSymbol, elements, isTabular, kindOf, type Node } from './compile/node.js';
import { bindStatements, compileTabular } from './compile/tabular.js';
import { EngineError, EngineQueryError, EngineUnsupportedError } from './errors.js';
import { fromInput, outputConverter } from './values/convert.js';

export { EngineError, EngineQueryError, EngineUnsupportedError };

export interface EngineColumn {
  name: string;
  type: KqlType;
}

export interface EngineTableInput {
  columns: EngineColumn[];
  rows: Record<string, unknown>[];
}

export interface EvaluateOptions {
  /** ISO 8601; fixes now() and ago() for the whole query */
  now: string;
  tables: Record<string, EngineTableInput>;
  limits?: { maxRows?: number; timeoutMs?: number };
  /** Values for the query's `declare query_parameters(…)`, JSON form; a parameter left out takes its default. */
  parameters?: Record<string, unknown>;
}

export interface QueryResult {
  columns: EngineColumn[];
  rows: unknown[][];
}

export const DEFAULT_LIMITS = { maxRows: 10_000_000, timeoutMs: 60_000 };

/** Evaluates an analysed query (its last statement) over the given tables. */
export function evaluate(code: KustoCode, options: EvaluateOptions): QueryResult {
  try {
    return evaluateUnchecked(code, options);
  } catch (e) {
    if (e instanceof EngineError || e instanceof EngineUnsupportedError || e instanceof EngineQueryError)
      throw e;
    // A bug of ours, not of the query: say so plainly and keep the original for debugging.
    const error = new EngineError(
      `internal error in the local engine: ${(e as Error)?.message ?? String(e)}`,
    );
    (error as { cause?: unknown }).cause = e;
    throw error;
  }
}

function evaluateUnchecked(code: KustoCode, options: EvaluateOptions): QueryResult {
  const text = String((code as unknown as { Text: string }).Text ?? '');
  const now = fromInput(options.now, 'datetime') as bigint | null;
  if (now === null) throw new EngineError(`'now' is not an ISO 8601 datetime: ${options.now}`);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const query = new QueryState(text, now, limits, options.tables, options.parameters);
  const root = code.Syntax as Node;
  const ctx = new CompileContext(query, [], new Map());
  const statements: Node[] = kindOf(root) === 'QueryBlock' ? elements(root.Statements) : [root];
  const last = [...statements].reverse().find((s) => kindOf(s) === 'ExpressionStatement');
  if (!last) throw new EngineUnsupportedError('query without a tabular expression', 0, text);
  const scope = bindStatements(
    statements.filter((s) => s !== last),
    ctx,
  );
  const expr = last.Expression;
  if (!isTabular(expr))
    throw new EngineUnsupportedError('query whose result is not a table', expr.TextStart ?? 0, text);
  const plan = compileTabular(expr, scope);
  const table = plan();
  query.checkTime();
  const columns = columnsOfSymbol(code.ResultType);
  const outColumns = columns.length === table.columns.length ? columns : table.columns;
  const width = outColumns.length;
  const n = table.length;
  const rows: unknown[][] = new Array(n);
  for (let i = 0; i < n; i++) rows[i] = new Array<unknown>(width);
  // Column by column, each with a converter for its type.
  for (let c = 0; c < width; c++) {
    const convert = outputConverter(outColumns[c].type);
    const col = table.data[c];
    for (let i = 0; i < n; i++) rows[i][c] = convert(col[i]);
  }
  return { columns: outColumns, rows };
}

export interface RunQueryOptions {
  /** Per table: columns and rows, or just rows (columns then come from `schemas`, else from the values). */
  tables: Record<string, EngineTableInput | Record<string, unknown>[]>;
  now: string;
  functions?: FunctionDef[];
  /** Column types for tables given as bare row arrays. */
  schemas?: Record<string, EngineColumn[]>;
  limits?: { maxRows?: number; timeoutMs?: number };
}

function inferType(value: unknown): KqlType {
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'long' : 'real';
  if (typeof value === 'bigint') return 'long';
  if (value instanceof Date) return 'datetime';
  if (typeof value === 'object') return 'dynamic';
  if (
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)
  )
    return 'datetime';
  return 'string';
}

/** Columns of a bare row array: every key seen, typed by its first non-null value. */
function inferColumns(rows: Record<string, unknown>[]): EngineColumn[] {
  const types = new Map<string, KqlType | undefined>();
  for (const row of rows)
    for (const [k, v] of Object.entries(row))
      if (types.get(k) === undefined) types.set(k, v === null || v === undefined ? undefined : inferType(v));
  return [...types].map(([name, type]) => ({ name, type: type ?? 'string' }));
}

/** Builds a World from the tables' columns (and functions), analyses `query` and evaluates it. */
export function runQuery(query: string, options: RunQueryOptions): QueryResult {
  const tables: Record<string, EngineTableInput> = {};
  for (const [name, t] of Object.entries(options.tables))
    tables[name] = Array.isArray(t) ? { columns: options.schemas?.[name] ?? inferColumns(t), rows: t } : t;
  const world = new World(
    Object.entries(tables).map(([name, t]) => ({ name, columns: t.columns })),
    options.functions ?? [],
  );
  const analyzed = world.analyze(query);
  const errors = analyzed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new EngineQueryError(query, errors);
  return evaluate(analyzed.code, { now: options.now, tables, limits: options.limits });
}
