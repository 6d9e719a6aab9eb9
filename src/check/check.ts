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
  /** Further codes the check reports under (its documentation covers them too). */
  otherCodes?: readonly CodeName[];
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

/** Longer queries are reported, not analysed (Sentinel itself takes 10,000 characters in a rule). */
export const MAX_ANALYSED_QUERY = 1_000_000;
/** Deeper bracket nesting is reported, not analysed: Kusto.Language recurses per level. */
export const MAX_ANALYSED_NESTING = 500;

/** Why a query is not handed to Kusto.Language, or undefined when it is fine. */
function tooLargeToAnalyse(text: string): string | undefined {
  if (text.length > MAX_ANALYSED_QUERY)
    return `the query is ${text.length} characters; kqlc analyses queries of up to ${MAX_ANALYSED_QUERY}`;
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) deepest = Math.max(deepest, ++depth);
    else if (c === 41 || c === 93 || c === 125) depth--;
  }
  return deepest > MAX_ANALYSED_NESTING
    ? `the query nests brackets ${deepest} deep; kqlc analyses queries nested up to ${MAX_ANALYSED_NESTING} deep`
    : undefined;
}

/** Runs every check on every item it applies to and turns findings into diagnostics at file positions. */
export function runChecks(
  checks: readonly CheckDefinition[],
  resolved: ResolvedProject,
  only?: ReadonlySet<ContentItem>,
  cache?: { store: CheckCache; keys: ReadonlyMap<ContentItem, string> },
): Diagnostic[] {
  const out: Diagnostic[] = [];
  // An item that made a check (or Kusto.Language under it) throw gets one diagnostic, not one per check.
  const broken = new Set<ContentItem>();
  const run = (item: ContentItem, check: CheckDefinition, into: Diagnostic[]) => {
    if (!check.appliesTo.includes(item.kind) || broken.has(item)) return;
    try {
      check.check(item, resolved, (finding) => into.push(toDiagnostic(check, item, finding)));
    } catch (e) {
      broken.add(item);
      const reason =
        e instanceof RangeError
          ? 'the query is nested too deeply to analyse'
          : `check '${check.id}' failed: ${(e as Error).message}`;
      into.push(
        toDiagnostic(check, item, { at: { path: ['query'] }, message: reason, code: codes.kqlInternal.code }),
      );
    }
  };
  for (const item of resolved.project.items) {
    if (only && !only.has(item)) continue;
    const refusal = tooLargeToAnalyse(item.query.text);
    if (refusal) {
      const at = { path: ['query'] };
      out.push(
        toDiagnostic(checks[0], item, {
          at,
          message: refusal,
          code: codes.kqlInternal.code,
          severity: 'error',
        }),
      );
      continue;
    }
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
