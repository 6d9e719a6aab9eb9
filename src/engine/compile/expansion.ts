/**
 * Calls to user functions (parsers, let-bound lambdas): the binder's expansion of the body is compiled
 * with the call's arguments (or the parameters' defaults) bound by name.
 */
import { listItems } from '../../kql/kusto.js';
import { typeOfSymbol } from '../../kql/types.js';
import type { Binding, CompileContext, Scalar, TablePlan } from './context.js';
import { callArguments, columnsOf, elements, isTabular, kindOf, type Node } from './node.js';
import { compileScalar } from './scalar.js';
import { bindStatements, compileTabular } from './tabular.js';

function signatureOf(node: Node): Node {
  if (node.ReferencedSignature) return node.ReferencedSignature;
  const sigs = node.ReferencedSymbol?.Signatures;
  return sigs && sigs.Count > 0 ? sigs.getItem(0) : null;
}

/** Bindings of the parameters of a call: its arguments, else the declared defaults. */
function bindParameters(call: Node, ctx: CompileContext, implicitFirst?: Binding): Map<string, Binding> {
  const bindings = new Map<string, Binding>();
  const signature = signatureOf(call);
  const parameters: Node[] = signature ? listItems(signature.Parameters) : [];
  const args = kindOf(call) === 'FunctionCallExpression' ? callArguments(call) : [];
  parameters.forEach((p: Node, position: number) => {
    const name = String(p.Name);
    if (implicitFirst && position === 0) {
      bindings.set(name, implicitFirst);
      return;
    }
    const index = implicitFirst ? position - 1 : position;
    const arg: Node | undefined = args[index];
    if (arg && isTabular(arg)) {
      bindings.set(name, { kind: 'table', plan: compileTabular(arg, ctx), columns: columnsOf(arg) });
      return;
    }
    const valueNode = arg ?? p.DefaultValue;
    const declared = typeOfSymbol(p.DeclaredTypes?.Count ? p.DeclaredTypes.getItem(0) : null) ?? 'dynamic';
    if (!valueNode) {
      bindings.set(name, { kind: 'scalar', type: declared, fn: () => (declared === 'string' ? '' : null) });
      return;
    }
    bindings.set(name, {
      kind: 'scalar',
      type: declared,
      fn: compileScalar(valueNode, arg ? ctx : ctx.withSchema([])),
    });
  });
  return bindings;
}

export function compileExpansion(
  call: Node,
  ctx: CompileContext,
  tabular: boolean,
  implicitFirst?: Binding,
): Scalar | TablePlan {
  const expansion: Node = call.GetExpansion();
  const callSite = ctx.offsetOf(call);
  let inner = ctx.withBindings(bindParameters(call, ctx, implicitFirst), callSite);
  let body: Node = expansion;
  if (kindOf(body) === 'FunctionBody') {
    inner = bindStatements(elements(body.Statements), inner);
    body = body.Expression;
  }
  if (!body) return ctx.unsupported('function without a body expression', call);
  return tabular ? compileTabular(body, inner) : compileScalar(body, inner);
}
