/**
 * top-nested: hierarchical top-N. Each clause groups the rows of its parent group by its `of` value,
 * aggregates with its `by` aggregate, keeps the N best (descending by default), then descends.
 * A clause without N keeps every group. `with others` is not supported.
 */
import { aggregateFor } from '../aggregates/index.js';
import type { Scalar } from '../compile/context.js';
import { callArguments, elements, kindOf, type Node, typeOf } from '../compile/node.js';
import { compileArgs, compileScalar, evaluateConstant } from '../compile/scalar.js';
import type { Accumulator } from '../functions/define.js';
import { compareNonNull, keyOf } from '../values/compare.js';
import { defineOperator } from './define.js';

interface Level {
  limit: number;
  of: Scalar;
  make: () => Accumulator;
  desc: boolean;
}

export default defineOperator({
  kinds: ['TopNestedOperator'],
  compile(node, input, ctx, output) {
    const levels: Level[] = (elements(node.Clauses) as Node[]).map((clause) => {
      if (clause.WithOthersClause) return ctx.unsupported('top-nested … with others', clause);
      let by = clause.ByExpression;
      let desc = true;
      if (kindOf(by) === 'OrderedExpression') {
        desc = String(by.Ordering?.AscOrDescKeyword?.Text ?? 'desc').toLowerCase() !== 'asc';
        by = by.Expression;
      }
      const agg = kindOf(by) === 'FunctionCallExpression' ? aggregateFor(by.ReferencedSymbol) : undefined;
      if (!agg) return ctx.unsupported('top-nested … by a non-aggregate', by);
      const argNodes = callArguments(by);
      const make = agg.compile({
        node: by,
        args: compileArgs(argNodes, ctx),
        argNodes,
        argTypes: argNodes.map((a) => typeOf(a)),
        resultType: typeOf(by),
        ctx,
      });
      const limit = clause.Expression
        ? Number(evaluateConstant(clause.Expression, ctx))
        : Number.POSITIVE_INFINITY;
      return { limit, of: compileScalar(clause.OfExpression, ctx), make, desc };
    });
    return () => {
      const t = input();
      const out: unknown[][] = [];
      const descend = (rows: number[], depth: number, prefix: unknown[]) => {
        if (depth === levels.length) {
          out.push(prefix);
          return;
        }
        const level = levels[depth];
        const groups = new Map<unknown, { value: unknown; rows: number[]; acc: Accumulator }>();
        for (const i of rows) {
          const v = level.of(t.data, i);
          const k = keyOf(v);
          let g = groups.get(k);
          if (!g) {
            g = { value: v, rows: [], acc: level.make() };
            groups.set(k, g);
          }
          g.rows.push(i);
          g.acc.add(t.data, i);
        }
        const ranked = [...groups.values()].map((g) => ({ ...g, result: g.acc.result() }));
        ranked.sort((a, b) => {
          if (a.result === null || b.result === null) return a.result === null ? 1 : -1;
          const c = compareNonNull(a.result, b.result);
          return level.desc ? -c : c;
        });
        for (const g of ranked.slice(0, level.limit))
          descend(g.rows, depth + 1, [...prefix, g.value, g.result]);
      };
      descend(
        Array.from({ length: t.length }, (_, i) => i),
        0,
        [],
      );
      return { columns: output, data: output.map((_c, k) => out.map((r) => r[k])), length: out.length };
    };
  },
});
