/**
 * The coverage gate of kqlc.yaml (`test.coverage`): content that lacks the tests the project requires is
 * reported as errors naming each item. Judged on the results of a full run (not a filtered one).
 * Workbooks are not counted until their queries can be tested.
 */
import type { ProjectConfig } from '../config/config.js';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ContentItem, Project } from '../model/content.js';
import type { TestResult } from './runner.js';

const KIND: Partial<Record<ContentItem['kind'], string>> = {
  parser: 'parser',
  hunting: 'hunting query',
  analytic: 'analytic rule',
};

export function checkCoverage(
  project: Project,
  results: readonly TestResult[],
  coverage: ProjectConfig['test']['coverage'],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report = (item: ContentItem, message: string) =>
    out.push(
      diagnostic('testCoverageMissing', message, {
        file: item.source.file.path,
        start: { line: 1, column: 1 },
        contentId: item.id,
      }),
    );
  for (const item of project.items) {
    // Workbook queries cannot be tested yet (a test would need to name which of its queries it runs),
    // so requiring a test of a workbook would make the gate impossible to meet.
    if (item.kind === 'workbook') continue;
    const label = `${KIND[item.kind] ?? item.kind} '${item.name}'`;
    if (coverage.testedItems && item.tests.length === 0) {
      report(item, `${label} has no test (test.coverage.testedItems in kqlc.yaml)`);
      continue;
    }
    if (coverage.ruleAlerts && item.kind === 'analytic') {
      const runs = results.filter((r) => r.test.item === item && r.status === 'passed' && r.actual?.run);
      const raises = runs.some((r) => r.actual!.run!.alerts.length > 0);
      const quiet = runs.some((r) => r.actual!.run!.alerts.length === 0);
      const lacking = [
        ...(raises ? [] : ['one that raises an alert']),
        ...(quiet ? [] : ['one that raises none']),
      ];
      if (lacking.length)
        report(
          item,
          `${label} needs passing tests: ${lacking.join(' and ')} (test.coverage.ruleAlerts in kqlc.yaml)`,
        );
    }
  }
  return out;
}
