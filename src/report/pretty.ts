import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { LineIndex } from '../diagnostics/line-index.js';

export interface PrettyOptions {
  /** The text of each file, for code frames; a file not given is printed without one. */
  sources: ReadonlyMap<string, string>;
  color: boolean;
}

const paint = (on: boolean, code: string, text: string) => (on ? `\x1b[${code}m${text}\x1b[0m` : text);

/** `file:line:col severity CODE message` followed by a code frame with the range underlined. */
export function formatPretty(diagnostics: readonly Diagnostic[], options: PrettyOptions): string {
  const indexes = new Map<string, LineIndex>();
  const out: string[] = [];
  for (const d of diagnostics) {
    const where = d.start ? `${d.file}:${d.start.line}:${d.start.column}` : d.file;
    const sev = paint(
      options.color,
      d.severity === 'error' ? '31;1' : d.severity === 'warning' ? '33;1' : '36',
      d.severity,
    );
    out.push(`${paint(options.color, '1', where)} ${sev} ${paint(options.color, '2', d.code)} ${d.message}`);
    const text = options.sources.get(d.file);
    if (text !== undefined && d.start) {
      let index = indexes.get(d.file);
      if (!index) {
        index = new LineIndex(text);
        indexes.set(d.file, index);
      }
      out.push(codeFrame(index, d, options.color));
    }
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

function codeFrame(index: LineIndex, d: Diagnostic, color: boolean): string {
  const line = d.start!.line;
  const first = Math.max(1, line - 1);
  const last = Math.min(index.lineCount, line + 1);
  const width = String(last).length;
  const rows: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === line ? '>' : ' ';
    rows.push(`  ${marker} ${String(n).padStart(width)} | ${index.line(n)}`);
    if (n === line) {
      const startCol = d.start!.column;
      const endCol =
        d.end && d.end.line === line ? Math.max(d.end.column, startCol + 1) : index.line(n).length + 1;
      const caret = ' '.repeat(startCol - 1) + '^'.repeat(Math.max(1, endCol - startCol));
      rows.push(`    ${' '.repeat(width)} | ${paint(color, '31', caret)}`);
    }
  }
  return rows.join('\n');
}

export function summaryLine(diagnostics: readonly Diagnostic[], files: number): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  return `${files} file${files === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`;
}
