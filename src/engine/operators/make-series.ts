/**
 * make-series: per group (the `by` keys), one array per aggregate over the bins of the axis from `from`
 * (inclusive) to `to` (exclusive) by `step`; empty bins take the `default` (0 unless given); rows outside
 * the range are ignored. Without from/to, the axis spans the data's min and max. The axis column becomes
 * the array of bin starts.
 */
import { aggregateFor } from '../aggregates/index.js';
import { callArguments, elements, kindOf, type Node, typeOf } from '../compile/node.js';
import { compileArgs, compileScalar, evaluateConstant } from '../compile/scalar.js';
import type { Accumulator } from '../functions/define.js';
import { toDynamic } from '../values/convert.js';
import { GroupIndex } from '../values/group-index.js';
import { floorDiv } from '../values/ticks.js';
import { defineOperator } from './define.js';

export default defineOperator({
  kinds: ['MakeSeriesOperator'],
  compile(node, input, ctx, output) {
    const range = node.RangeClause;
    if (range && kindOf(range) !== 'MakeSeriesFromToStepClause')
      return ctx.unsupported('make-series … in range()', range);
    const axisNode = node.OnClause.Expression;
    const axis = compileScalar(axisNode, ctx);
    const axisType = typeOf(axisNode);
    const byExprs: Node[] = node.ByClause ? elements(node.ByClause.Expressions) : [];
    const byFns = byExprs.map((e) => compileScalar(e, ctx));
    const aggregates = (elements(node.Aggregates) as Node[]).map((m) => {
      const expr = kindOf(m.Expression) === 'SimpleNamedExpression' ? m.Expression.Expression : m.Expression;
      const agg = aggregateFor(expr.ReferencedSymbol);
      if (kindOf(expr) !== 'FunctionCallExpression' || !agg)
        return ctx.unsupported('make-series expression other than an aggregate call', expr);
      const argNodes = callArguments(expr);
      const make = agg.compile({
        node: expr,
        args: compileArgs(argNodes, ctx),
        argNodes,
        argTypes: argNodes.map((a) => typeOf(a)),
        resultType: typeOf(expr),
        ctx,
      });
      const def = m.DefaultExpression ? evaluateConstant(m.DefaultExpression.Expression, ctx) : 0;
      return { make, def, type: typeOf(expr) };
    });
    const fromNode = range?.MakeSeriesFromClause?.Expression;
    const toNode = range?.MakeSeriesToClause?.Expression;
    const stepNode = range?.MakeSeriesStepClause?.Expression;
    if (!stepNode) return ctx.unsupported('make-series without step', node);
    const ticks = axisType === 'datetime' || axisType === 'timespan';
    const toNum = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v));
    return () => {
      const t = input();
      const step = evaluateConstant(stepNode, ctx);
      const axisValues = Array.from({ length: t.length }, (_, i) => axis(t.data, i));
      const present = axisValues.filter((v) => v !== null && v !== undefined);
      let from = fromNode
        ? evaluateConstant(fromNode, ctx)
        : present.reduce<unknown>((a, b) => (a === null || (b as number) < (a as number) ? b : a), null);
      let to = toNode ? evaluateConstant(toNode, ctx) : null;
      if (from === null) return { columns: output, data: output.map(() => []), length: 0 };
      if (!fromNode)
        from = ticks
          ? floorDiv(from as bigint, step as bigint) * (step as bigint)
          : Math.floor(toNum(from) / toNum(step)) * toNum(step);
      if (to === null) {
        const max = present.reduce<unknown>(
          (a, b) => (a === null || (b as number) > (a as number) ? b : a),
          null,
        );
        to = ticks ? (max as bigint) + 1n : toNum(max) + Number.EPSILON;
      }
      const bins = ticks
        ? Number(((to as bigint) - (from as bigint) + (step as bigint) - 1n) / (step as bigint))
        : Math.ceil((toNum(to) - toNum(from)) / toNum(step));
      ctx.query.checkRows(Math.max(0, bins), 'make-series bins');
      const binOf = (v: unknown): number =>
        ticks
          ? Number(floorDiv((v as bigint) - (from as bigint), step as bigint))
          : Math.floor((toNum(v) - toNum(from)) / toNum(step));
      const groups = new GroupIndex(byExprs.map((e) => typeOf(e)));
      const keys: unknown[][] = byFns.map(() => []);
      const cells: (Accumulator | undefined)[][][] = [];
      const values = new Array<unknown>(byFns.length);
      let count = 0;
      for (let i = 0; i < t.length; i++) {
        const v = axisValues[i];
        if (v === null || v === undefined) continue;
        const b = binOf(v);
        if (b < 0 || b >= bins) continue;
        for (let k = 0; k < byFns.length; k++) values[k] = byFns[k](t.data, i);
        let g = byFns.length === 0 ? (count > 0 ? 0 : -1) : groups.lookup(values);
        if (g < 0) {
          g = count++;
          for (let k = 0; k < byFns.length; k++) keys[k].push(values[k]);
          cells.push(aggregates.map(() => new Array(bins)));
        }
        aggregates.forEach((a, k) => {
          let acc = cells[g][k][b];
          if (!acc) {
            acc = a.make();
            cells[g][k][b] = acc;
          }
          acc.add(t.data, i);
        });
        ctx.query.tick();
      }
      const axisArray = Array.from({ length: Math.max(0, bins) }, (_, b) =>
        toDynamic(
          ticks ? (from as bigint) + BigInt(b) * (step as bigint) : toNum(from) + b * toNum(step),
          axisType,
        ),
      );
      const data: unknown[][] = [...keys];
      aggregates.forEach((a, k) => {
        data.push(
          cells.map((g) =>
            Array.from({ length: bins }, (_, b) => toDynamic(g[k][b] ? g[k][b]?.result() : a.def, a.type)),
          ),
        );
      });
      data.push(cells.map(() => axisArray));
      return { columns: output, data: data.slice(0, output.length), length: count };
    };
  },
});
