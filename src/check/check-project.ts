import { diagnostic } from '../diagnostics/codes.js';
import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { type ResolvedProject, resolveProject } from '../kql/project-world.js';
import type { ContentItem, Project } from '../model/content.js';
import { type CheckCache, itemKeys } from './cache.js';
import { runChecks } from './check.js';
import { applyCheckConfig } from './check-config.js';
import { checks } from './index.js';

export { applyCheckConfig } from './check-config.js';

export interface CheckResult {
  resolved: ResolvedProject;
  diagnostics: Diagnostic[];
}

export interface CheckOptions {
  /**
   * Check only these items (and report load problems only in their files and in `files`), as
   * `--changed-since` does; every item is still known, so cross-item checks see the whole project.
   */
  only?: { items: ReadonlySet<ContentItem>; files: ReadonlySet<string> };
  /** Reuse and record item check results here (see cache.ts). */
  cache?: CheckCache;
  /** The items' cache keys when the caller has computed them already (see cache.ts). */
  keys?: ReadonlyMap<ContentItem, string>;
}

/** Load diagnostics plus every check's findings, sorted by file and position. */
export function checkProject(project: Project, options: CheckOptions = {}): CheckResult {
  const resolved = resolveProject(project);
  let diagnostics = [
    ...project.diagnostics,
    ...duplicateFunctions(project),
    ...runChecks(
      checks,
      resolved,
      options.only?.items,
      options.cache ? { store: options.cache, keys: options.keys ?? itemKeys(project) } : undefined,
    ),
  ];
  diagnostics = applyCheckConfig(diagnostics, project.config.checks);
  if (options.only) {
    const files = new Set(options.only.files);
    for (const item of options.only.items) files.add(item.source.file.path);
    diagnostics = diagnostics.filter((d) => files.has(d.file));
  }
  diagnostics.sort(compareDiagnostics);
  return { resolved, diagnostics };
}

function duplicateFunctions(project: Project): Diagnostic[] {
  const seen = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const item of project.items) {
    if (item.kind !== 'parser') continue;
    const first = seen.get(item.functionName);
    if (first) {
      out.push(
        diagnostic('functionDuplicate', `function '${item.functionName}' is already declared in ${first}`, {
          file: item.source.file.path,
          ...item.source.span(['name']),
          contentId: item.id,
        }),
      );
    } else seen.set(item.functionName, item.source.file.path);
    if (project.tables.some((t) => t.name === item.functionName)) {
      out.push(
        diagnostic('functionDuplicate', `function '${item.functionName}' has the name of a declared table`, {
          file: item.source.file.path,
          ...item.source.span(['name']),
          contentId: item.id,
        }),
      );
    }
  }
  return out;
}
