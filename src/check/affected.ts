import { queryWords } from '../kql/query-words.js';
import type { ContentItem, Project } from '../model/content.js';

export interface Affected {
  items: Set<ContentItem>;
  /** Changed files that belong to the project (load problems in them are reported too). */
  files: Set<string>;
  /** True when the change cannot be narrowed down (kqlc.yaml changed, a content file was deleted …). */
  everything: boolean;
}

/**
 * The items a change touches: those whose file or tests file changed, and every item that reads a
 * changed table or calls a changed parser, transitively (a changed parser re-checks its callers, and
 * their callers). Dependencies are found from the names a query mentions, which over-approximates
 * (a name in a comment counts) but never misses one.
 */
export function affectedItems(project: Project, changed: ReadonlySet<string>): Affected {
  const files = new Set([...changed].filter((f) => project.files.has(f) || f === project.config.file));
  const all = { items: new Set(project.items), files, everything: true };
  if (project.config.file && changed.has(project.config.file)) return all;
  const known = new Set<string>([...project.files.keys()]);
  // The fixed part of each configured entry (a folder, or a glob up to its first wildcard).
  const folders = [
    ...project.config.paths.tables,
    ...project.config.paths.parsers,
    ...project.config.paths.hunting,
    ...project.config.paths.analytics,
    ...project.config.paths.workbooks,
    ...project.config.paths.watchlists,
  ]
    .filter((entry) => !entry.startsWith('!'))
    .map((entry) => {
      const fixed = entry.split(/[*?[{]/)[0];
      return /[*?[{]/.test(entry)
        ? fixed.slice(0, fixed.lastIndexOf('/') + 1)
        : `${fixed.replace(/\/$/, '')}/`;
    });
  // A content file that changed but is not in the project any more was deleted or renamed: whoever
  // depended on it is unknown now, so check everything.
  const content = /\.(ya?ml|json|csv|kql|txt)$/i;
  if (
    [...changed].some(
      (f) => !known.has(f) && content.test(f) && folders.some((folder) => f.startsWith(folder)),
    )
  )
    return all;

  const names = new Set(project.tables.filter((t) => changed.has(t.file.path)).map((t) => t.name));
  const items = new Set<ContentItem>();
  const touches = (item: ContentItem) =>
    changed.has(item.source.file.path) || item.tests.some((t) => changed.has(t.source.file.path));
  const words = new Map(project.items.map((item) => [item, queryWords(item.query.text)]));
  let grew = true;
  while (grew) {
    grew = false;
    for (const item of project.items) {
      if (items.has(item)) continue;
      const hit = touches(item) || [...names].some((n) => words.get(item)!.has(n));
      if (!hit) continue;
      items.add(item);
      grew = true;
      if (item.kind === 'parser') names.add(item.functionName);
    }
  }
  return { items, files, everything: false };
}
