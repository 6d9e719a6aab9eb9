/** Lowers a bound scalar expression to a closure `(cols, row) => value`, once per query. */
import type { KqlType } from '../../kql/types.js';
import { aggregateFor } from '../aggregates/index.js';
import { binaryOperatorFor } from '../functions/binary.js';
import { scalarFunctionFor } from '../functions/index.js';
import { fromDynamic, normLong } from '../values/convert.js';
import { type Dyn, isBag } from '../values/dynamic.js';
import { type Binding, type CompileContext, columnReader, type Scalar } from './context.js';
import { compileExpansion } from './expansion.js';
import { isLiteralKind, literalValue } from './literals.js';
import { callArguments, isTabular, kindOf, type Node, SYM, typeOf } from './node.js';
import { compileTabular } from './tabular.js';

export function constant(value: unknown): Scalar {
  return () => value;
}

/** Member access on a dynamic value: bags by key, arrays by (negative-from-end) index; anything else null. */
export function dynamicMember(v: unknown, key: unknown): Dyn {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) {
    if (typeof key !== 'number' && typeof key !== 'bigint') return null;
    let i = Number(key);
    if (i < 0) i += v.length;
    return i >= 0 && i < v.length ? (v[i] as Dyn) : null;
  }
  if (isBag(v) && typeof key === 'string') return Object.hasOwn(v, key) ? v[key] : null;
  return null;
}

function scopeBinding(node: Node, ctx: CompileContext): Binding | undefined {
  const name = String(node.ReferencedSymbol?.Name ?? node.SimpleName ?? '');
  return ctx.scope.get(name);
}

export function compileScalar(node: Node, ctx: CompileContext): Scalar {
  const kind = kindOf(node);
  if (isLiteralKind(kind)) return constant(literalValue(node, ctx).value);
  switch (kind) {
    case 'ParenthesizedExpression':
    case 'BracketedExpression':
    case 'SimpleNamedExpression':
      return compileScalar(node.Expression, ctx);
    case 'NameReference':
      return compileName(node, ctx);
    case 'PathExpression': {
      if (typeOf(node.Expression) !== 'dynamic')
        return ctx.unsupported('path expression on a non-dynamic value', node);
      const target = compileScalar(node.Expression, ctx);
      const key = String(node.Selector?.SimpleName ?? node.Selector?.ReferencedSymbol?.Name ?? '');
      const selectorKind = kindOf(node.Selector);
      if (selectorKind === 'BracketedExpression') {
        const k = compileScalar(node.Selector.Expression, ctx);
        return (c, i) => dynamicMember(target(c, i), k(c, i));
      }
      return (c, i) => dynamicMember(target(c, i), key);
    }
    case 'ElementExpression': {
      const target = compileScalar(node.Expression, ctx);
      const k = compileScalar(node.Selector, ctx);
      return (c, i) => dynamicMember(target(c, i), k(c, i));
    }
    case 'FunctionCallExpression':
      return compileCall(node, ctx);
    case 'ToScalarExpression': {
      const plan = compileTabular(node.Expression, ctx);
      let done = false;
      let value: unknown = null;
      return () => {
        if (!done) {
          const t = plan();
          value =
            t.length > 0 && t.data.length > 0 ? t.data[0][0] : t.columns[0]?.type === 'string' ? '' : null;
          done = true;
        }
        return value;
      };
    }
    case 'UnaryMinusExpression': {
      const e = compileScalar(node.Expression, ctx);
      const t = typeOf(node);
      return (c, i) => {
        const v = e(c, i);
        if (v === null) return null;
        if (typeof v === 'bigint') return t === 'long' ? normNeg(v) : -v;
        return t === 'int' ? -(v as number) | 0 : -(v as number);
      };
    }
    case 'UnaryPlusExpression':
      return compileScalar(node.Expression, ctx);
  }
  const binary = binaryOperatorFor(kind);
  if (binary && kindOf(node.Left) === 'StarExpression') {
    // `* has "x"`: true when any column of the row matches (negated forms: when none does).
    const right = SPECIAL_RIGHT.has(kind) ? constant(null) : compileScalar(node.Right, ctx);
    const tests = ctx.schema.map((col, k) =>
      binary.compile({
        node,
        left: columnReader(k),
        right,
        leftType: col.type,
        rightType: typeOf(node.Right),
        resultType: 'bool',
        ctx,
      }),
    );
    const negated = kind.startsWith('Not');
    return (c, i) => (negated ? tests.every((t) => t(c, i) === true) : tests.some((t) => t(c, i) === true));
  }
  if (binary) {
    return binary.compile({
      node,
      left: compileScalar(node.Left, ctx),
      right: SPECIAL_RIGHT.has(kind) ? constant(null) : compileScalar(node.Right, ctx),
      leftType: typeOf(node.Left),
      rightType: typeOf(node.Right),
      resultType: typeOf(node),
      ctx,
    });
  }
  return ctx.unsupportedKind(node);
}

/** Operators whose right side is a list or a range, compiled by the operator itself. */
const SPECIAL_RIGHT = new Set([
  'InExpression',
  'InCsExpression',
  'NotInExpression',
  'NotInCsExpression',
  'BetweenExpression',
  'NotBetweenExpression',
  'HasAnyExpression',
  'HasAllExpression',
]);

function normNeg(v: bigint): number | bigint {
  return normLong(-v);
}

function compileName(node: Node, ctx: CompileContext): Scalar {
  const symbol = node.ReferencedSymbol;
  const sk = symbol?.Kind;
  if (sk === SYM.Column) {
    const name = String(symbol.Name);
    const index = ctx.schema.findIndex((c) => c.name === name);
    if (index < 0) {
      const binding = scopeBinding(node, ctx);
      if (binding?.kind === 'scalar') return binding.fn;
      return ctx.unsupported(`column '${name}' outside a row context`, node);
    }
    return columnReader(index);
  }
  if (sk === SYM.Variable || sk === SYM.Parameter) {
    const binding = scopeBinding(node, ctx);
    if (binding?.kind === 'scalar') return binding.fn;
    if (binding?.kind === 'table') return ctx.unsupported(`tabular '${symbol.Name}' used as a scalar`, node);
    const cv = node.IsConstant ? node.ConstantValue : undefined;
    if (cv !== undefined && cv !== null && typeof cv !== 'object') return constant(cv);
    return ctx.unsupported(`reference to '${symbol?.Name}'`, node);
  }
  if (sk === SYM.Function) {
    if (node.GetExpansion?.()) return compileExpansion(node, ctx, false) as Scalar;
    return compileCall(node, ctx);
  }
  return ctx.unsupported(`name '${node.SimpleName ?? symbol?.Name ?? '?'}'`, node);
}

export function compileArgs(argNodes: Node[], ctx: CompileContext): Scalar[] {
  return argNodes.map((a) => (isTabular(a) ? ctx.unsupported('tabular argument', a) : compileScalar(a, ctx)));
}

function compileCall(node: Node, ctx: CompileContext): Scalar {
  const symbol = node.ReferencedSymbol;
  if (ctx.aggregates && aggregateFor(symbol)) return ctx.aggregates(node);
  const fn = scalarFunctionFor(symbol);
  const name = String(symbol?.Name ?? node.Name?.SimpleName ?? '?');
  if (fn) {
    const argNodes = callArguments(node);
    return fn.compile({
      node,
      args: fn.names.includes('columnifexists') ? [] : compileArgs(argNodes, ctx),
      argNodes,
      argTypes: argNodes.map((a) => typeOf(a) as KqlType),
      resultType: typeOf(node),
      ctx,
    });
  }
  if (node.GetExpansion?.()) return compileExpansion(node, ctx, false) as Scalar;
  if (aggregateFor(symbol)) return ctx.unsupported(`aggregate ${name}() outside summarize`, node);
  return ctx.unsupported(`function ${name}()`, node);
}

/** Evaluates a scalar that needs no row (let values, operator arguments such as `take 10`). */
export function evaluateConstant(node: Node, ctx: CompileContext): unknown {
  return compileScalar(node, ctx.withSchema([]))([], 0);
}

/** Converts a dynamic value to the scalar type the binder expects, for `to typeof()` and friends. */
export function coerceDynamic(v: unknown, type: KqlType): unknown {
  return fromDynamic(v as Dyn, type);
}
