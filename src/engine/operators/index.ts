/** Registry of tabular operators, keyed on Kusto.Language syntax kinds. Adding one = one file + one line here. */
import as from './as.js';
import count from './count.js';
import datatable from './datatable.js';
import type { TabularOperator } from './define.js';
import distinct from './distinct.js';
import evaluate from './evaluate.js';
import extend from './extend.js';
import getschema from './getschema.js';
import invoke from './invoke.js';
import join from './join.js';
import lookup from './lookup.js';
import makeSeries from './make-series.js';
import mvApply from './mv-apply.js';
import mvExpand from './mv-expand.js';
import parse from './parse.js';
import parseKv from './parse-kv.js';
import passthrough from './passthrough.js';
import print from './print.js';
import project from './project.js';
import projectByName from './project-by-name.js';
import projectRename from './project-rename.js';
import range from './range.js';
import sort from './sort.js';
import summarize from './summarize.js';
import take from './take.js';
import top from './top.js';
import topNested from './top-nested.js';
import union from './union.js';
import where from './where.js';

export const OPERATORS: readonly TabularOperator[] = [
  where,
  project,
  projectByName,
  projectRename,
  extend,
  summarize,
  take,
  sort,
  top,
  distinct,
  count,
  mvExpand,
  print,
  datatable,
  range,
  union,
  join,
  lookup,
  passthrough,
  parse,
  evaluate,
  getschema,
  invoke,
  mvApply,
  makeSeries,
  topNested,
  parseKv,
  as,
];

let byKind: Map<string, TabularOperator> | undefined;

export function operatorFor(kind: string): TabularOperator | undefined {
  if (!byKind) {
    byKind = new Map();
    for (const op of OPERATORS) for (const k of op.kinds) byKind.set(k, op);
  }
  return byKind.get(kind);
}
