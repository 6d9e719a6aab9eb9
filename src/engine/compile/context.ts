/** Compile-time state: the query text (for positions), the row schema in scope, let/parameter bindings, limits. */
import type { SyntaxNode } from '../../kql/kusto.js';
import { syntaxKindName } from '../../kql/syntax.js';
import type { KqlType } from '../../kql/types.js';
import { EngineError, EngineUnsupportedError } from '../errors.js';
import type { Column, Table } from '../table.js';

/** A compiled scalar expression, run per row over the columns of its input table. */
export type Scalar = (cols: unknown[][], row: number) => unknown;

const COLUMN = Symbol('column');

/**
 * The scalar that reads column `index` of the row. It is marked, so that operators can use the column
 * array itself instead of calling the closure per row (project of a bare column shares the input's array;
 * column arrays are never mutated).
 */
export function columnReader(index: number): Scalar {
  const fn = (c: unknown[][], i: number) => c[index][i];
  (fn as unknown as Record<symbol, number>)[COLUMN] = index;
  return fn;
}

/** The column a scalar made by columnReader() reads, else undefined. */
export function columnIndexOf(fn: Scalar): number | undefined {
  return (fn as unknown as Record<symbol, number | undefined>)[COLUMN];
}

/** A compiled tabular expression; running it yields a table. */
export type TablePlan = () => Table;

/**
 * A table whose columns are built on demand: what `where` (kept row numbers) and `join` (pairs of row
 * numbers) compute before they copy cells. A consumer that needs only some columns (a `project` of bare
 * columns) asks for just those, rather than having every column of the input copied.
 */
export interface DeferredTable {
  length: number;
  width: number;
  /** Column k; each call builds it anew, so ask once. */
  column(k: number): unknown[];
}

const DEFERRED = Symbol('deferred');

/** Marks `plan` as the materialisation of `defer()`, so a consumer can run `defer` instead. */
export function withDeferred(plan: TablePlan, defer: () => DeferredTable): TablePlan {
  (plan as unknown as Record<symbol, unknown>)[DEFERRED] = defer;
  return plan;
}

/** A plan that builds every column of `defer()` when run whole, and can be deferred (see withDeferred). */
export function deferredPlan(columns: Column[], defer: () => DeferredTable): TablePlan {
  return withDeferred(() => {
    const d = defer();
    const data: unknown[][] = new Array(d.width);
    for (let k = 0; k < d.width; k++) data[k] = d.column(k);
    return { columns, data, length: d.length };
  }, defer);
}

export function deferredOf(plan: TablePlan): (() => DeferredTable) | undefined {
  return (plan as unknown as Record<symbol, (() => DeferredTable) | undefined>)[DEFERRED];
}

export type Binding =
  | { kind: 'scalar'; type: KqlType; fn: Scalar }
  | { kind: 'table'; plan: TablePlan; columns: Column[] };

export interface Limits {
  maxRows: number;
  timeoutMs: number;
}

/** Per-query state shared by every compiled closure of one evaluation. */
export class QueryState {
  readonly deadline: number;
  /** Tables named by the `as` operator, visible to the rest of the query. */
  readonly named = new Map<string, TablePlan>();
  private ticks = 0;
  constructor(
    readonly text: string,
    readonly now: bigint,
    readonly limits: Limits,
    readonly tables: Record<string, { columns: Column[]; rows: Record<string, unknown>[] }>,
    /** Values for `declare query_parameters(…)`, JSON form, by name. */
    readonly parameters: Record<string, unknown> = {},
  ) {
    this.deadline = Date.now() + limits.timeoutMs;
  }

  /** Fails when a table would exceed the row cap. */
  checkRows(count: number, what: string): void {
    if (count > this.limits.maxRows)
      throw new EngineError(
        `query exceeded the row limit of ${this.limits.maxRows} rows in ${what} (set limits.maxRows to raise it)`,
      );
  }

  /** Call in loops: every 16384 calls it checks the time budget. */
  tick(): void {
    if ((++this.ticks & 0x3fff) === 0) this.checkTime();
  }

  checkTime(): void {
    if (Date.now() > this.deadline)
      throw new EngineError(
        `query exceeded the time budget of ${this.limits.timeoutMs} ms (set limits.timeoutMs to raise it)`,
      );
  }
}

export class CompileContext {
  constructor(
    readonly query: QueryState,
    /** Columns of the input row, when compiling per-row expressions. */
    readonly schema: readonly Column[],
    /** let statements and function parameters, by name, innermost last. */
    readonly scope: ReadonlyMap<string, Binding>,
    /** Offset of the call site when compiling a function body (its own offsets are relative to the body). */
    readonly callSite?: number,
    /** Inside summarize: compiles an aggregate call to a reader of its per-group result. */
    readonly aggregates?: (call: SyntaxNode) => Scalar,
    /** Inside mv-apply: the implicit input of a subquery that starts with an operator. */
    readonly rowSource?: { plan: TablePlan; columns: Column[] },
  ) {}

  withRowSource(source: { plan: TablePlan; columns: Column[] }): CompileContext {
    return new CompileContext(this.query, this.schema, this.scope, this.callSite, undefined, source);
  }

  withSchema(schema: readonly Column[]): CompileContext {
    return new CompileContext(this.query, schema, this.scope, this.callSite);
  }

  withAggregates(hook: (call: SyntaxNode) => Scalar): CompileContext {
    return new CompileContext(this.query, this.schema, this.scope, this.callSite, hook);
  }

  withBindings(bindings: ReadonlyMap<string, Binding>, callSite?: number): CompileContext {
    const scope = new Map(this.scope);
    for (const [k, v] of bindings) scope.set(k, v);
    return new CompileContext(this.query, this.schema, scope, callSite ?? this.callSite, this.aggregates);
  }

  /** Offset in the query text for a node (the call site for nodes inside a function body). */
  offsetOf(node: SyntaxNode | null | undefined): number {
    if (this.callSite !== undefined) return this.callSite;
    return node ? (node as unknown as { TextStart: number }).TextStart : 0;
  }

  unsupported(construct: string, node: SyntaxNode | null | undefined): never {
    throw new EngineUnsupportedError(construct, this.offsetOf(node), this.query.text);
  }

  unsupportedKind(node: SyntaxNode): never {
    return this.unsupported(describeKind(node), node);
  }

  columnIndex(name: string, node?: SyntaxNode | null): number {
    const i = this.schema.findIndex((c) => c.name === name);
    if (i < 0)
      throw new EngineError(`internal: column '${name}' is not in the input row`, this.offsetOf(node));
    return i;
  }
}

/** `operator 'make-series'` for an operator (its keyword), else the syntax kind. */
function describeKind(node: SyntaxNode): string {
  const kind = syntaxKindName(node.Kind as unknown as number);
  if (kind.endsWith('Operator')) {
    const keyword = (node as unknown as { GetFirstToken(): { Text: string } | null }).GetFirstToken()?.Text;
    const evaluated =
      kind === 'EvaluateOperator'
        ? (node as unknown as { FunctionCall?: { Name?: { SimpleName?: string } } }).FunctionCall?.Name
            ?.SimpleName
        : undefined;
    return evaluated ? `operator 'evaluate ${evaluated}'` : `operator '${keyword ?? kind}'`;
  }
  return `syntax ${kind}`;
}
