import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** `--format json`: an array of flat records, 1-based lines and columns, files relative to the project root. */
export function formatJson(diagnostics: readonly Diagnostic[]): string {
  return `${JSON.stringify(jsonRecords(diagnostics), null, 2)}\n`;
}

/** The records of `--format json`. */
export function jsonRecords(diagnostics: readonly Diagnostic[]) {
  return diagnostics.map((d) => ({
    file: d.file,
    line: d.start?.line ?? 1,
    column: d.start?.column ?? 1,
    endLine: d.end?.line ?? d.start?.line ?? 1,
    endColumn: d.end?.column ?? d.start?.column ?? 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
    contentId: d.contentId ?? null,
  }));
}
