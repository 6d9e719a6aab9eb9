/** One diagnostic type for every stage: load, schema, KQL, content checks, tests, publish. */
export type Severity = 'error' | 'warning' | 'info';

/** 1-based line and column, as SARIF and editors count them. */
export interface Position {
  line: number;
  column: number;
}

export interface Diagnostic {
  /** 'KQLC1001' (ours, see codes.ts) or 'KS142' (Kusto.Language's own, unchanged so people can search it). */
  code: string;
  severity: Severity;
  message: string;
  /** Project-relative path with forward slashes. */
  file: string;
  start?: Position;
  end?: Position;
  contentId?: string;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable order for output: by file, then position, then code, then message. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const al = a.start?.line ?? 0;
  const bl = b.start?.line ?? 0;
  if (al !== bl) return al - bl;
  const ac = a.start?.column ?? 0;
  const bc = b.start?.column ?? 0;
  if (ac !== bc) return ac - bc;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
