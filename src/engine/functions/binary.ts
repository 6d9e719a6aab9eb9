/** Registry of binary operators, keyed on the syntax kind of the bound expression. */
import arithmetic from './arithmetic/arithmetic.js';
import between from './comparison/between.js';
import equality from './comparison/equality.js';
import inOperators from './comparison/in.js';
import ordering from './comparison/ordering.js';
import type { BinaryOperator } from './define.js';
import andOr from './logical/and-or.js';
import contains from './string-operators/contains.js';
import has from './string-operators/has.js';
import hasAny from './string-operators/has-any.js';
import matchesRegex from './string-operators/matches-regex.js';

export const BINARY_OPERATORS: readonly BinaryOperator[] = [
  ...equality,
  ...ordering,
  ...inOperators,
  ...between,
  ...andOr,
  ...arithmetic,
  ...has,
  ...hasAny,
  ...contains,
  ...matchesRegex,
];

let byKind: Map<string, BinaryOperator> | undefined;

export function binaryOperatorFor(kind: string): BinaryOperator | undefined {
  if (!byKind) {
    byKind = new Map();
    for (const op of BINARY_OPERATORS) for (const k of op.kinds) byKind.set(k, op);
  }
  return byKind.get(kind);
}
