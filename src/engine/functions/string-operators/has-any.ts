/** `has_any` / `has_all`: `has` against each listed term (dynamic arrays flattened); an empty list gives false for has_any and true for has_all. */
import type { Scalar } from '../../compile/context.js';
import { elements, type Node, typeOf } from '../../compile/node.js';
import { compileScalar } from '../../compile/scalar.js';
import { dynToString, valueToString } from '../../values/convert.js';
import type { Dyn } from '../../values/dynamic.js';
import { defineBinary } from '../define.js';
import { asText, hasTerm } from './text.js';

function terms(items: Node[], fns: Scalar[], c: unknown[][], i: number): string[] {
  const out: string[] = [];
  items.forEach((item, k) => {
    const v = fns[k](c, i);
    const t = typeOf(item);
    if (t === 'dynamic' && Array.isArray(v)) for (const x of v) out.push(dynToString(x as Dyn).toLowerCase());
    else out.push(valueToString(v, t).toLowerCase());
  });
  return out;
}

function compile(all: boolean) {
  return defineBinary({
    kinds: [all ? 'HasAllExpression' : 'HasAnyExpression'],
    compile({ node, left, leftType, ctx }) {
      const items: Node[] = elements(node.Right.Expressions);
      const fns = items.map((x) => compileScalar(x, ctx));
      const constant = items.every((x) => x.IsConstant);
      let fixed: string[] | undefined;
      const l = asText(left, leftType);
      return (c, i) => {
        if (constant && !fixed) fixed = terms(items, fns, c, i);
        const list = fixed ?? terms(items, fns, c, i);
        const a = (l(c, i) as string).toLowerCase();
        return all ? list.every((t) => hasTerm(a, t)) : list.some((t) => hasTerm(a, t));
      };
    },
  });
}

export default [compile(false), compile(true)];
