import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic, Position } from '../diagnostics/diagnostic.js';
import type { ContentItem, ContentKind } from '../model/content.js';

/**
 * What the id check needs to know of an item, kept by the run cache so that an incremental run can
 * compare ids across all items while loading only the changed ones.
 */
export interface IdFact {
  file: string;
  id: string;
  kind: ContentKind;
  start?: Position;
  end?: Position;
}

const KIND_ORDER: Record<ContentKind, number> = { parser: 0, hunting: 1, analytic: 2, workbook: 3 };

/** The kinds whose ids must be unique (the `id-unique` check's `appliesTo`). */
const CHECKED: ReadonlySet<ContentKind> = new Set(['parser', 'hunting', 'analytic']);

export function idFacts(items: readonly ContentItem[]): IdFact[] {
  return items.map((item) => ({
    file: item.source.file.path,
    id: item.id,
    kind: item.kind,
    ...item.source.span(['id']),
  }));
}

/** Items in the order `loadProject` returns them: parsers, hunting queries, rules, workbooks; by path within each. */
export function inLoadOrder(facts: IdFact[]): IdFact[] {
  return [...facts].sort((a, b) =>
    a.kind !== b.kind
      ? KIND_ORDER[a.kind] - KIND_ORDER[b.kind]
      : a.file < b.file
        ? -1
        : a.file > b.file
          ? 1
          : 0,
  );
}

/** The first item per id (compared case-insensitively, as ids are GUIDs), in the order given. */
export function firstById<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  const first = new Map<string, T>();
  for (const item of items) {
    const key = item.id.toLowerCase();
    if (!first.has(key)) first.set(key, item);
  }
  return first;
}

/** The message of a duplicated id: shared by the `id-unique` check and the run cache's re-comparison. */
export function duplicateIdMessage(id: string, firstFile: string): string {
  return `id '${id}' is already used by ${firstFile}`;
}

/** What the `id-unique` check reports, computed from facts (items given in load order). */
export function duplicateIds(facts: readonly IdFact[]): Diagnostic[] {
  const first = firstById(facts);
  const out: Diagnostic[] = [];
  for (const fact of facts) {
    if (!CHECKED.has(fact.kind)) continue;
    const earlier = first.get(fact.id.toLowerCase());
    if (earlier && earlier !== fact) {
      out.push(
        diagnostic('idDuplicate', duplicateIdMessage(fact.id, earlier.file), {
          file: fact.file,
          ...(fact.start ? { start: fact.start } : {}),
          ...(fact.end ? { end: fact.end } : {}),
          contentId: fact.id,
        }),
      );
    }
  }
  return out;
}
