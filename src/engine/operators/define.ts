/** The shape of a tabular operator: compiled once from its bound node into a plan over its input's plan. */
import type { CompileContext, TablePlan } from '../compile/context.js';
import type { Node } from '../compile/node.js';
import type { Column } from '../table.js';

export interface TabularOperator {
  /** Kusto.Language syntax kinds handled (e.g. 'FilterOperator'). */
  kinds: string[];
  /** false for operators that start a pipeline (print, range, datatable, union …). */
  needsInput?: boolean;
  /**
   * @param ctx    has the input's columns as its row schema
   * @param output the binder's output columns for this operator
   */
  compile(node: Node, input: TablePlan, ctx: CompileContext, output: Column[]): TablePlan;
}

export function defineOperator(def: TabularOperator): TabularOperator {
  return def;
}
