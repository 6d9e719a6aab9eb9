/**
 * summarize: group by the `by` expressions (bin() included) and aggregate; by-columns come first.
 * Without `by`, one row even over no input (count 0, make_set []); with `by`, no rows over no input.
 * Expressions over aggregates (`x = count() * 2`) are evaluated on the per-group results.
 */
import { aggregateFor } from '../aggregates/index.js';
import { percentilesAccumulator } from '../aggregates/percentile.js';
import type { CompileContext, Scalar } from '../compile/context.js';
import { callArguments, columnsOfSymbol, elements, kindOf, type Node, typeOf } from '../compile/node.js';
import { compileArgs, compileScalar } from '../compile/scalar.js';
import type { Accumulator } from '../functions/define.js';
import { compareNonNull } from '../values/compare.js';
import { GroupIndex } from '../values/group-index.js';
import { defineOperator } from './define.js';

interface Slot {
  make: () => Accumulator;
}

interface TupleAggregate {
  /** index of the slot holding the winning row's values */
  slot: number;
  width: number;
}

function argExtreme(
  node: Node,
  sign: 1 | -1,
  ctx: CompileContext,
): { make: () => Accumulator; width: number } {
  const args = callArguments(node);
  const tuple = columnsOfSymbol(node.ResultType);
  const explicit = args.filter((a) => kindOf(a) !== 'StarExpression');
  const by = compileScalar(args[0], ctx);
  const extractors: Scalar[] = tuple.map((col, j) => {
    if (j < explicit.length) return compileScalar(explicit[j], ctx);
    const index = ctx.columnIndex(col.name, node);
    return (c, i) => c[index][i];
  });
  const empty = tuple.map((col) => (col.type === 'string' ? '' : null));
  return {
    width: tuple.length,
    make: () => {
      // Keep the winning row's position; read its values once, at the end.
      let best: unknown = null;
      let bestCols: unknown[][] | null = null;
      let bestRow = -1;
      return {
        add(c, i) {
          const v = by(c, i);
          if (v === null || v === undefined) return;
          if (best === null || compareNonNull(v, best) * sign > 0) {
            best = v;
            bestCols = c;
            bestRow = i;
          }
        },
        result: () => (bestCols ? extractors.map((e) => e(bestCols as unknown[][], bestRow)) : empty),
      };
    },
  };
}

export default defineOperator({
  kinds: ['SummarizeOperator'],
  compile(node, input, ctx, output) {
    const byExprs: Node[] = node.ByClause ? elements(node.ByClause.Expressions) : [];
    const byFns = byExprs.map((e) => compileScalar(e, ctx));
    const byTypes = byExprs.map((e) => typeOf(e));
    const slots: Slot[] = [];
    const outputs: ({ kind: 'scalar'; fn: Scalar } | ({ kind: 'tuple' } & TupleAggregate))[] = [];
    for (const expr of elements(node.Aggregates) as Node[]) {
      const inner = kindOf(expr) === 'SimpleNamedExpression' ? expr.Expression : expr;
      const name = String(inner.ReferencedSymbol?.Name ?? '');
      if (kindOf(inner) === 'FunctionCallExpression' && (name === 'arg_max' || name === 'arg_min')) {
        const { make, width } = argExtreme(inner, name === 'arg_max' ? 1 : -1, ctx);
        slots.push({ make });
        outputs.push({ kind: 'tuple', slot: slots.length - 1, width });
        continue;
      }
      if (kindOf(inner) === 'FunctionCallExpression' && name === 'percentiles') {
        const [valueNode, ...pctNodes] = callArguments(inner);
        const value = compileScalar(valueNode, ctx);
        const pcts = pctNodes.map((p) => Number(compileScalar(p, ctx.withSchema([]))([], 0)));
        slots.push({ make: () => percentilesAccumulator(value, pcts) });
        outputs.push({ kind: 'tuple', slot: slots.length - 1, width: pcts.length });
        continue;
      }
      const fn = compileScalar(
        inner,
        ctx.withAggregates((call: Node) => {
          const agg = aggregateFor(call.ReferencedSymbol);
          if (!agg) return ctx.unsupported(`aggregate ${call.ReferencedSymbol?.Name}()`, call);
          const argNodes = callArguments(call).filter((a) => kindOf(a) !== 'StarExpression');
          const make = agg.compile({
            node: call,
            args: compileArgs(argNodes, ctx),
            argNodes,
            argTypes: argNodes.map((a) => typeOf(a)),
            resultType: typeOf(call),
            ctx,
          });
          slots.push({ make });
          const slot = slots.length - 1;
          return (c, i) => c[slot][i];
        }),
      );
      outputs.push({ kind: 'scalar', fn });
    }
    return () => {
      const t = input();
      const groups = new GroupIndex(byTypes);
      let groupCount = 0;
      const keys: unknown[][] = byFns.map(() => []);
      const accs: Accumulator[][] = slots.map(() => []);
      const cols = t.data;
      const keyValues = new Array<unknown>(byFns.length);
      for (let i = 0; i < t.length; i++) {
        for (let k = 0; k < byFns.length; k++) keyValues[k] = byFns[k](cols, i);
        let g = byFns.length === 0 ? (groupCount > 0 ? 0 : -1) : groups.lookup(keyValues);
        if (g < 0) {
          g = groupCount++;
          for (let k = 0; k < byFns.length; k++) keys[k].push(keyValues[k]);
          for (let s = 0; s < slots.length; s++) accs[s].push(slots[s].make());
        }
        for (let s = 0; s < slots.length; s++) accs[s][g].add(cols, i);
        ctx.query.tick();
      }
      if (byFns.length === 0 && groupCount === 0) {
        groupCount = 1;
        for (let s = 0; s < slots.length; s++) accs[s].push(slots[s].make());
      }
      const n = groupCount;
      const results = accs.map((list) => list.map((a) => a.result()));
      const data: unknown[][] = [...keys];
      for (const o of outputs) {
        if (o.kind === 'scalar') {
          const col = new Array<unknown>(n);
          for (let g = 0; g < n; g++) col[g] = o.fn(results, g);
          data.push(col);
        } else {
          const values = results[o.slot] as unknown[][];
          for (let j = 0; j < o.width; j++) data.push(values.map((v) => v[j]));
        }
      }
      return { columns: output, data: data.slice(0, output.length), length: n };
    };
  },
});
