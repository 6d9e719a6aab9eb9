/** Lowers a bound tabular expression to a plan (a closure yielding a table), once per query. */
import { kusto } from '../../kql/kusto.js';
import { operatorFor } from '../operators/index.js';
import type { Column, Table } from '../table.js';
import { fromInput } from '../values/convert.js';
import {
  type Binding,
  type CompileContext,
  deferredOf,
  type Scalar,
  type TablePlan,
  withDeferred,
} from './context.js';
import { compileExpansion } from './expansion.js';
import { columnsOf, elements, isTabular, kindOf, type Node, SYM, typeOf } from './node.js';
import { compileScalar } from './scalar.js';

/** Memoizes a plan so a let-bound table is computed once per query. */
export function memoize(plan: TablePlan): TablePlan {
  let table: Table | undefined;
  return () => {
    table ??= plan();
    return table;
  };
}

/**
 * Converted input columns, cached per rows array: the same fixture rows queried again (a content test's
 * several queries, a benchmark) are converted once. Engine operators never mutate column arrays.
 */
const converted = new WeakMap<object, Map<string, unknown[]>>();

function convertColumn(rows: Record<string, unknown>[], col: Column): unknown[] {
  let byColumn = converted.get(rows);
  if (!byColumn) {
    byColumn = new Map();
    converted.set(rows, byColumn);
  }
  const key = `${col.name}\u0000${col.type}`;
  let out = byColumn.get(key);
  if (!out || out.length !== rows.length) {
    out = new Array<unknown>(rows.length);
    for (let r = 0; r < rows.length; r++) out[r] = fromInput(rows[r]?.[col.name], col.type);
    byColumn.set(key, out);
  }
  return out;
}

function scanTable(name: string, columns: Column[], ctx: CompileContext): TablePlan {
  const input = ctx.query.tables[name];
  return memoize(() => {
    if (!input) return { columns, data: columns.map(() => []), length: 0 };
    const rows = input.rows;
    ctx.query.checkRows(rows.length, `table ${name}`);
    return { columns, data: columns.map((col) => convertColumn(rows, col)), length: rows.length };
  });
}

export function compileTabular(node: Node, ctx: CompileContext): TablePlan {
  const kind = kindOf(node);
  switch (kind) {
    case 'ParenthesizedExpression':
      return compileTabular(node.Expression, ctx);
    case 'MaterializeExpression':
      return memoize(compileTabular(node.Expression, ctx));
    case 'PipeExpression': {
      const input = compileTabular(node.Expression, ctx);
      return compileOperator(node.Operator, input, columnsOf(node.Expression), ctx);
    }
    case 'NameReference': {
      const symbol = node.ReferencedSymbol;
      const sk = symbol?.Kind;
      if (sk === SYM.Table) {
        const binding = ctx.scope.get(String(symbol.Name));
        if (binding?.kind === 'table') return binding.plan;
        return scanTable(String(symbol.Name), columnsOf(node), ctx);
      }
      if (sk === SYM.Variable || sk === SYM.Parameter) {
        const binding = ctx.scope.get(String(symbol.Name));
        if (binding?.kind === 'table') return binding.plan;
        const named = ctx.query.named.get(String(symbol.Name));
        if (named) return named;
        return ctx.unsupported(`reference to '${symbol.Name}'`, node);
      }
      if (sk === SYM.Function && node.GetExpansion?.())
        return memoize(compileExpansion(node, ctx, true) as TablePlan);
      return ctx.unsupported(`table '${symbol?.Name ?? node.SimpleName}'`, node);
    }
    case 'FunctionCallExpression': {
      const name = String(node.ReferencedSymbol?.Name ?? '');
      if (name === 'table' && node.ReferencedSymbol === kusto().Functions.Table) {
        // table('Name'): the binder resolved the constant name; read that table (or a let-bound one).
        const arg = node.ArgumentList.Expressions.getItem(0).Element;
        const tableName = String(compileScalar(arg, ctx.withSchema([]))([], 0));
        const binding = ctx.scope.get(tableName);
        if (binding?.kind === 'table') return binding.plan;
        return scanTable(tableName, columnsOf(node), ctx);
      }
      if (name === 'materialize' || name === 'view') {
        const arg = node.ArgumentList.Expressions.getItem(0).Element;
        return memoize(compileTabular(arg, ctx));
      }
      if (node.GetExpansion?.()) return memoize(compileExpansion(node, ctx, true) as TablePlan);
      return ctx.unsupported(`tabular function ${name}()`, node);
    }
  }
  // Operators that start a pipeline (print, range, union, datatable …) take no input; inside mv-apply the
  // subquery's first operator reads the expanded row.
  if (ctx.rowSource && operatorFor(kind)?.needsInput !== false)
    return compileOperator(node, ctx.rowSource.plan, ctx.rowSource.columns, ctx);
  return compileOperator(node, null, [], ctx);
}

export function compileOperator(
  node: Node,
  input: TablePlan | null,
  inputColumns: Column[],
  ctx: CompileContext,
): TablePlan {
  const op = operatorFor(kindOf(node));
  if (!op) return ctx.unsupportedKind(node);
  if (op.needsInput !== false && !input) return ctx.unsupportedKind(node);
  const plan = op.compile(node, input as TablePlan, ctx.withSchema(inputColumns), columnsOf(node));
  const query = ctx.query;
  const wrapped: TablePlan = () => {
    query.checkTime();
    const table = plan();
    query.checkTime();
    return table;
  };
  const defer = deferredOf(plan);
  if (!defer) return wrapped;
  return withDeferred(wrapped, () => {
    query.checkTime();
    const deferred = defer();
    query.checkTime();
    return deferred;
  });
}

/** Binds a block's let statements in order; returns the context in which its final expression compiles. */
export function bindStatements(statements: Node[], ctx: CompileContext): CompileContext {
  let current = ctx;
  for (const st of statements) {
    const kind = kindOf(st);
    if (kind === 'LetStatement') {
      const name = String(st.Name.SimpleName);
      const expr = st.Expression;
      const ek = kindOf(expr);
      if (ek === 'FunctionDeclaration') continue; // lambdas are compiled at each call through the binder's expansion
      let binding: Binding;
      if (isTabular(expr)) {
        binding = {
          kind: 'table',
          plan: memoize(compileTabular(expr, current.withSchema([]))),
          columns: columnsOf(expr),
        };
      } else {
        const fn = compileScalar(expr, current.withSchema([]));
        let done = false;
        let value: unknown;
        binding = {
          kind: 'scalar',
          type: 'dynamic',
          fn: () => {
            if (!done) {
              value = fn([], 0);
              done = true;
            }
            return value;
          },
        };
      }
      current = current.withBindings(new Map([[name, binding]]));
    } else if (kind === 'QueryParametersStatement') {
      // declare query_parameters(x:T = default): the caller's value, else the default, else T's null.
      const bindings = new Map<string, Binding>();
      for (const p of elements(st.Parameters)) {
        const name = String(p.NameAndType.Name.SimpleName);
        const type = typeOf(p.NameAndType.Name);
        const given = current.query.parameters[name];
        let fn: Scalar;
        if (given !== undefined) {
          const value = fromInput(given, type);
          fn = () => value;
        } else if (p.DefaultValue?.Value) fn = compileScalar(p.DefaultValue.Value, current.withSchema([]));
        else fn = () => (type === 'string' ? '' : null);
        bindings.set(name, { kind: 'scalar', type, fn });
      }
      current = current.withBindings(bindings);
    } else if (kind === 'ExpressionStatement' || kind === 'SetOptionStatement') {
      // the final expression is compiled by the caller; options have no effect here
    } else {
      current.unsupportedKind(st);
    }
  }
  return current;
}
