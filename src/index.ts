/** kqlc's library API; the CLI in src/cli/ is a thin layer over it. */

export { affectedItems } from './check/affected.js';
export { compareWithBase } from './check/base-version.js';
export { CheckCache } from './check/cache.js';
export { type CheckResult, checkProject } from './check/check-project.js';
export { type CheckRunOptions, type CheckRunResult, checkRun } from './check/check-run.js';
export { CheckWorkers, checkInWorkers } from './check/parallel.js';
export { RunCache } from './check/run-cache.js';
export type { ProjectConfig } from './config/config.js';
export type { EnvironmentConfig } from './config/schema.js';
export { codes } from './diagnostics/codes.js';
export type { Diagnostic, Position, Severity } from './diagnostics/diagnostic.js';
export { hasErrors } from './diagnostics/diagnostic.js';
export { runQuery } from './engine/index.js';
export { type ResolvedProject, resolveProject } from './kql/project-world.js';
export { importWorkbook } from './load/import-workbook.js';
export { loadProject } from './load/project.js';
export type {
  AnalyticItem,
  ContentItem,
  HuntingItem,
  ParserItem,
  Project,
  TestCase,
} from './model/content.js';
export {
  applyPublish,
  createSentinelClient,
  type PublishPlan,
  type PublishProblem,
  planPublish,
  writeArmTemplates,
} from './publish/index.js';
export { formatGithub } from './report/github.js';
export { formatJson } from './report/json.js';
export { formatPretty, summaryLine } from './report/pretty.js';
export { formatSarif } from './report/sarif.js';
export { checkCoverage } from './test/coverage.js';
export { formatReplay, replayRule } from './test/replay.js';
export { formatTestJunit } from './test/report-junit.js';
export { allPassed, formatTestResults, testSummary } from './test/report-pretty.js';
export { queryUnderTest, runTest, runTests, type TestResult, type TestStatus } from './test/runner.js';
export { updateExpectations } from './test/update.js';
export { findWorkbookQuery, type HandledQuery, workbookQueries } from './test/workbook.js';
