/**
 * `in`, `!in` (case-sensitive), `in~`, `!in~`: the right side is a list of scalars, dynamic arrays
 * (flattened) or a subquery (its first column). A null left operand is in nothing.
 */
import type { KqlType } from '../../../kql/types.js';
import type { Scalar } from '../../compile/context.js';
import { elements, isTabular, type Node, typeOf } from '../../compile/node.js';
import { compileScalar } from '../../compile/scalar.js';
import { compileTabular } from '../../compile/tabular.js';
import { keyOf } from '../../values/compare.js';
import { fromDynamic } from '../../values/convert.js';
import type { Dyn } from '../../values/dynamic.js';
import { type BinaryOperator, defineBinary } from '../define.js';

function normalise(v: unknown, type: KqlType, ignoreCase: boolean): unknown {
  if (v === null || v === undefined) return null;
  if (type === 'string' || type === 'guid')
    return ignoreCase ? `s${String(v).toLowerCase()}` : `s${String(v)}`;
  return keyOf(v);
}

function inOperator(kinds: string[], negate: boolean, ignoreCase: boolean): BinaryOperator {
  return defineBinary({
    kinds,
    compile({ node, left, leftType, ctx }) {
      const items: Node[] = elements(node.Right.Expressions);
      const leftT: KqlType =
        leftType === 'dynamic' ? (items[0] && !isTabular(items[0]) ? typeOf(items[0]) : 'string') : leftType;
      const add = (set: Set<unknown>, v: unknown, t: KqlType) => {
        if (t === 'dynamic' && Array.isArray(v)) {
          for (const x of v) add(set, fromDynamic(x as Dyn, leftT === 'dynamic' ? 'string' : leftT), leftT);
          return;
        }
        const val = t === 'dynamic' && leftT !== 'dynamic' ? fromDynamic(v as Dyn, leftT) : v;
        set.add(normalise(val, leftT, ignoreCase));
      };
      const parts: (() => Set<unknown>)[] = [];
      const perRow: { fn: Scalar; type: KqlType }[] = [];
      for (const item of items) {
        if (isTabular(item)) {
          const plan = compileTabular(item, ctx.withSchema([]));
          parts.push(() => {
            const t = plan();
            const set = new Set<unknown>();
            const col = t.data[0] ?? [];
            for (const v of col) add(set, v, t.columns[0].type);
            return set;
          });
        } else if (item.IsConstant) {
          const fn = compileScalar(item, ctx.withSchema([]));
          const t = typeOf(item);
          parts.push(() => {
            const set = new Set<unknown>();
            add(set, fn([], 0), t);
            return set;
          });
        } else {
          perRow.push({ fn: compileScalar(item, ctx), type: typeOf(item) });
        }
      }
      let fixed: Set<unknown> | undefined;
      const convertLeft = (v: unknown) =>
        leftType === 'dynamic' && leftT !== 'dynamic' ? fromDynamic(v as Dyn, leftT) : v;
      return (c, i) => {
        if (!fixed) {
          fixed = new Set();
          for (const p of parts) for (const v of p()) fixed.add(v);
        }
        const lv = convertLeft(left(c, i));
        if (lv === null || lv === undefined) return negate;
        const k = normalise(lv, leftT, ignoreCase);
        let found = fixed.has(k);
        if (!found && perRow.length > 0) {
          const set = new Set<unknown>();
          for (const p of perRow) add(set, p.fn(c, i), p.type);
          found = set.has(k);
        }
        return found !== negate;
      };
    },
  });
}

export default [
  inOperator(['InExpression'], false, false),
  inOperator(['NotInExpression'], true, false),
  inOperator(['InCsExpression'], false, true),
  inOperator(['NotInCsExpression'], true, true),
];
