import type { TestResult, TestStatus } from './runner.js';

const LABEL: Record<TestStatus, [string, string]> = {
  passed: ['PASS', '32'],
  failed: ['FAIL', '31;1'],
  skipped: ['SKIP', '33'],
  unsupported: ['UNSUPPORTED', '35;1'],
  error: ['ERROR', '31;1'],
};

/** One line per test, the reason under each one that did not pass, and a summary line. */
export function formatTestResults(results: readonly TestResult[], color: boolean): string {
  const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const out: string[] = [];
  for (const r of results) {
    const [label, code] = LABEL[r.status];
    // A workbook test also names the workbook query it runs.
    const query = r.test.item.kind === 'workbook' && r.test.query ? `${r.test.query} › ` : '';
    out.push(`${paint(code, label.padEnd(11))} ${r.test.item.source.file.path} › ${query}${r.test.name}`);
    // Problems with the test itself are shown at their file position, so an editor can jump there.
    const message = r.diagnostics.length
      ? r.diagnostics
          .map((d) => `${d.file}${d.start ? `:${d.start.line}:${d.start.column}` : ''}: ${d.message}`)
          .join('\n')
      : r.message;
    if (message)
      for (const line of message.split('\n')) {
        const painted = /^\s*- /.test(line)
          ? paint('31', line)
          : /^\s*\+ /.test(line)
            ? paint('32', line)
            : line;
        out.push(`            ${painted}`);
      }
  }
  out.push(testSummary(results));
  return `${out.join('\n')}\n`;
}

export function testSummary(results: readonly TestResult[]): string {
  const count = (s: TestStatus) => results.filter((r) => r.status === s).length;
  return `Tests: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped, ${count('unsupported')} unsupported, ${count('error')} errors (${results.length} total)`;
}

/**
 * True when no test failed or erred. Skipped tests are shown and counted but do not fail the run;
 * unsupported ones fail it unless `allowUnsupported` (never a silent pass).
 */
export function allPassed(
  results: readonly TestResult[],
  options: { allowUnsupported?: boolean } = {},
): boolean {
  return results.every(
    (r) =>
      r.status === 'passed' ||
      r.status === 'skipped' ||
      (r.status === 'unsupported' && options.allowUnsupported),
  );
}
