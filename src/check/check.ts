import { type CodeName, codes, diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import type { ResolvedProject } from '../kql/project-world.js';
import type { YamlPath } from '../load/yaml-source.js';
import type { ContentItem, ContentKind } from '../model/content.js';
import type { CheckCache } from './cache.js';

/** Where a finding is: a node of the item's YAML, or a range of its query text. */
export type Location = { path: YamlPath; key?: boolean } | { queryStart: number; queryEnd: number };

export interface Finding {
  at: Location;
  message: string;
  /** Overrides the check's code, for checks that pass on another catalogue's codes (Kusto's). */
  code?: string;
  severity?: Severity;
}

export interface CheckDefinition {
  /** Equals the file name under checks/. */
  id: string;
  code: CodeName;
  appliesTo: readonly ContentKind[];
  /**
   * 'item' (default): the result depends only on the item and the tables and parsers it reads, so it
   * may be cached. 'project': it looks at other items too (uniqueness), so it always runs.
   */
  scope?: 'item' | 'project';
  check(item: ContentItem, resolved: ResolvedProject, report: (finding: Finding) => void): void;
}

export function defineCheck(definition: CheckDefinition): CheckDefinition {
  return definition;
}

/** Runs every check on every item it applies to and turns findings into diagnostics at file positions. */
export function runChecks(
  checks: readonly CheckDefinition[],
  resolved: ResolvedProject,
  only?: ReadonlySet<ContentItem>,
  cache?: { store: CheckCache; keys: ReadonlyMap<ContentItem, string> },
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const run = (item: ContentItem, check: CheckDefinition, into: Diagnostic[]) => {
    if (check.appliesTo.includes(item.kind))
      check.check(item, resolved, (finding) => into.push(toDiagnostic(check, item, finding)));
  };
  for (const item of resolved.project.items) {
    if (only && !only.has(item)) continue;
    const key = cache?.keys.get(item);
    const cached = key === undefined ? undefined : cache!.store.get(key);
    if (cached) out.push(...cached);
    else {
      const found: Diagnostic[] = [];
      for (const check of checks) if (check.scope !== 'project') run(item, check, found);
      if (key !== undefined) cache!.store.set(key, found);
      out.push(...found);
    }
    for (const check of checks) if (check.scope === 'project') run(item, check, out);
  }
  return out;
}

function toDiagnostic(check: CheckDefinition, item: ContentItem, finding: Finding): Diagnostic {
  const { source } = item;
  let span: ReturnType<typeof source.span>;
  if ('path' in finding.at) {
    span = source.span(finding.at.path, finding.at.key);
  } else {
    const { queryStart, queryEnd } = finding.at;
    const start = item.query.fileOffset(queryStart);
    const end = queryEnd > queryStart ? item.query.fileOffset(queryEnd - 1) + 1 : start;
    span = source.spanOf(start, end);
  }
  const d = diagnostic(check.code, finding.message, {
    file: source.file.path,
    ...span,
    contentId: item.id,
    severity: finding.severity ?? codes[check.code].severity,
  });
  if (finding.code) d.code = finding.code;
  return d;
}
