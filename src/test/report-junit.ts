import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatJunit, type JunitCase, type JunitSuite } from '../report/junit-xml.js';
import type { TestResult } from './runner.js';

/**
 * Test results as JUnit XML: one suite per content file, one case per test. Unsupported tests are
 * failures unless the project allows them, then skipped with the reason. Coverage errors become failed
 * cases of a suite of their own, so CI test views show them too.
 */
export function formatTestJunit(
  results: readonly TestResult[],
  options: { allowUnsupported?: boolean; coverage?: readonly Diagnostic[] } = {},
) {
  const suites = new Map<string, JunitSuite>();
  for (const r of results) {
    const file = r.test.item.source.file.path;
    let suite = suites.get(file);
    if (!suite) {
      suite = { name: file, cases: [] };
      suites.set(file, suite);
    }
    const c: JunitCase = {
      name: r.test.name,
      // A workbook's tests are grouped by the query they run.
      classname:
        r.test.item.kind === 'workbook' && r.test.query
          ? `workbook.${r.test.item.name}.${r.test.query}`
          : `${r.test.item.kind}.${r.test.item.name}`,
      timeSeconds: r.durationMs / 1000,
    };
    const firstLine = r.message.split('\n')[0];
    if (r.status === 'failed') c.failure = { message: firstLine, text: r.message };
    else if (r.status === 'error') c.error = { message: firstLine, text: r.message };
    else if (r.status === 'skipped') c.skipped = r.message;
    else if (r.status === 'unsupported') {
      if (options.allowUnsupported) c.skipped = `unsupported: ${r.message}`;
      else c.failure = { message: `unsupported: ${firstLine}`, text: r.message };
    }
    suite.cases.push(c);
  }
  const all = [...suites.values()];
  if (options.coverage?.length)
    all.push({
      name: 'kqlc test coverage',
      cases: options.coverage.map((d) => ({
        name: d.file,
        classname: 'coverage',
        failure: { message: d.message, text: `${d.code} ${d.file}: ${d.message}` },
      })),
    });
  return formatJunit(all);
}
