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
import { fromInput, toOutput } from './values/convert.js';

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
}

export interface QueryResult {
  columns: EngineColumn[];
  rows: unknown[][];
}

export const DEFAULT_LIMITS = { maxRows: 10_000_000, timeoutMs: 60_000 };

/** Evaluates an analysed query (its last statement) over the given tables. */
export function evaluate(code: KustoCode, options: EvaluateOptions): QueryResult {
  const text = String((code as unknown as { Text: string }).Text ?? '');
  const now = fromInput(options.now, 'datetime') as bigint | null;
  if (now === null) throw new EngineError(`'now' is not an ISO 8601 datetime: ${options.now}`);
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const query = new QueryState(text, now, limits, options.tables);
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
  const rows: unknown[][] = new Array(table.length);
  for (let i = 0; i < table.length; i++) {
    const row = new Array<unknown>(outColumns.length);
    for (let c = 0; c < outColumns.length; c++) row[c] = toOutput(table.data[c][i], outColumns[c].type);
    rows[i] = row;
  }
  return { columns: outColumns, rows };
}

export interface RunQueryOptions {
  tables: Record<string, EngineTableInput>;
  now: string;
  functions?: FunctionDef[];
  limits?: { maxRows?: number; timeoutMs?: number };
}

/** Builds a World from the tables' columns (and functions), analyses `query` and evaluates it. */
export function runQuery(query: string, options: RunQueryOptions): QueryResult {
  const world = new World(
    Object.entries(options.tables).map(([name, t]) => ({ name, columns: t.columns })),
    options.functions ?? [],
  );
  const analyzed = world.analyze(query);
  const errors = analyzed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new EngineQueryError(query, errors);
  return evaluate(analyzed.code, { now: options.now, tables: options.tables, limits: options.limits });
}
