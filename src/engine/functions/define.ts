/** The shapes of scalar functions, binary operators and aggregates, each keyed on what the binder resolved. */
import type { KqlType } from '../../kql/types.js';
import type { CompileContext, Scalar } from '../compile/context.js';
import type { Node } from '../compile/node.js';

export interface CallInfo {
  node: Node;
  /** compiled arguments, in call order */
  args: Scalar[];
  argNodes: Node[];
  argTypes: KqlType[];
  resultType: KqlType;
  ctx: CompileContext;
}

/** A built-in scalar function, found through the FunctionSymbol the binder bound its call to. */
export interface ScalarFunction {
  /** Kusto names of the built-in (aliases such as `iff` and `iif` share one implementation). */
  names: string[];
  compile(call: CallInfo): Scalar;
}

export function defineFunction(def: ScalarFunction): ScalarFunction {
  return def;
}

export interface BinaryInfo {
  node: Node;
  left: Scalar;
  right: Scalar;
  leftType: KqlType;
  rightType: KqlType;
  resultType: KqlType;
  ctx: CompileContext;
}

/** A binary operator, keyed on the syntax kind of its expression (`EqualExpression`, `HasExpression` …). */
export interface BinaryOperator {
  kinds: string[];
  compile(op: BinaryInfo): Scalar;
}

export function defineBinary(def: BinaryOperator): BinaryOperator {
  return def;
}

export interface Accumulator {
  add(cols: unknown[][], row: number): void;
  result(): unknown;
}

export interface AggregateInfo extends CallInfo {}

/** An aggregate function: compile once, then a fresh accumulator per group. */
export interface AggregateFunction {
  names: string[];
  compile(call: AggregateInfo): () => Accumulator;
}

export function defineAggregate(def: AggregateFunction): AggregateFunction {
  return def;
}

/** Helpers for the common case: null in, null out. */
export function unary<A>(fn: (a: A) => unknown, nullResult: unknown = null) {
  return (call: CallInfo): Scalar => {
    const a = call.args[0];
    return (c, i) => {
      const x = a(c, i);
      return x === null ? nullResult : fn(x as A);
    };
  };
}
