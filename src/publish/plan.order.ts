/** Apply order of a plan: the call graph among parsers, found in query text. */
import type { PlanEntry } from './plan.js';

/** The function alias of a parser entry: what its callers write. */
function aliasOf(entry: PlanEntry): string | undefined {
  const props = (entry.desired?.properties ?? entry.current?.properties) as
    | Record<string, unknown>
    | undefined;
  const alias = props?.functionAlias;
  return typeof alias === 'string' && alias !== '' ? alias : undefined;
}

function queryOf(entry: PlanEntry): string {
  const props = (entry.desired?.properties ?? entry.current?.properties) as
    | Record<string, unknown>
    | undefined;
  return typeof props?.query === 'string' ? props.query : '';
}

/**
 * How deep each parser sits in the call graph among `parsers` (0: calls none of them). Calls are found in
 * the query text, the alias as a whole word: publish does not load Kusto.Language, and a false call only
 * adds an ordering constraint. A cycle is cut where it is found.
 */
function callDepths(parsers: readonly PlanEntry[]): Map<PlanEntry, number> {
  const byAlias = new Map<string, PlanEntry>();
  for (const p of parsers) {
    const alias = aliasOf(p);
    if (alias) byAlias.set(alias, p);
  }
  const calls = new Map<PlanEntry, PlanEntry[]>();
  for (const p of parsers) {
    const query = queryOf(p);
    const callees: PlanEntry[] = [];
    for (const [alias, callee] of byAlias) {
      if (callee === p) continue;
      const escaped = alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      if (new RegExp(`(?<![A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])`).test(query)) callees.push(callee);
    }
    calls.set(p, callees);
  }
  const depth = new Map<PlanEntry, number>();
  const visiting = new Set<PlanEntry>();
  const visit = (p: PlanEntry): number => {
    const known = depth.get(p);
    if (known !== undefined) return known;
    if (visiting.has(p)) return -1; // a cycle: this edge does not order
    visiting.add(p);
    let d = 0;
    for (const callee of calls.get(p) ?? []) d = Math.max(d, visit(callee) + 1);
    visiting.delete(p);
    depth.set(p, d);
    return d;
  };
  for (const p of parsers) visit(p);
  return depth;
}

/**
 * Sets `phase` on every entry: a parser after the parsers it calls, all parsers before rules and hunting
 * queries; deletes after all writes, rules and hunting queries first, then a parser before those it calls.
 */
export function assignPhases(entries: PlanEntry[]): void {
  const writes = entries.filter((e) => e.action !== 'delete');
  const deletes = entries.filter((e) => e.action === 'delete');
  const writeDepth = callDepths(writes.filter((e) => e.role === 'parser'));
  const top = Math.max(-1, ...writeDepth.values()) + 1;
  // Workbooks last: their queries may call anything.
  for (const e of writes)
    e.phase = e.role === 'parser' ? writeDepth.get(e)! : e.role === 'workbook' ? top + 1 : top;
  const deleteDepth = callDepths(deletes.filter((e) => e.role === 'parser'));
  const deepest = Math.max(0, ...deleteDepth.values());
  for (const e of deletes) {
    e.phase = e.role === 'parser' ? top + 3 + (deepest - deleteDepth.get(e)!) : top + 2;
  }
}
