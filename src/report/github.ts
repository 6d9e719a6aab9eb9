import type { Diagnostic } from '../diagnostics/diagnostic.js';

const COMMAND: Record<Diagnostic['severity'], string> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
};

// Workflow commands need %, CR and LF escaped in the message, and also : and , in properties.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** `--format github`: GitHub Actions workflow commands, shown as annotations on the pull request. */
export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const props = [`file=${escapeProperty(d.file)}`];
      if (d.start) props.push(`line=${d.start.line}`, `col=${d.start.column}`);
      if (d.end) props.push(`endLine=${d.end.line}`, `endColumn=${d.end.column}`);
      props.push(`title=${escapeProperty(d.code)}`);
      return `::${COMMAND[d.severity]} ${props.join(',')}::${escapeData(d.message)}\n`;
    })
    .join('');
}
