import { type CodeName, codes, diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import type { ResolvedProject } from '../kql/project-world.js';
import type { YamlPath } from '../load/yaml-source.js';
import type { ContentItem, ContentKind } from '../model/content.js';

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
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const item of resolved.project.items) {
    if (only && !only.has(item)) continue;
    for (const check of checks) {
      if (!check.appliesTo.includes(item.kind)) continue;
      check.check(item, resolved, (finding) => out.push(toDiagnostic(check, item, finding)));
    }
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
