/** kqlc's library API; the CLI in src/cli/ is a thin layer over it. */

export { type CheckResult, checkProject } from './check/check-project.js';
export type { ProjectConfig } from './config/config.js';
export type { EnvironmentConfig } from './config/schema.js';
export { codes } from './diagnostics/codes.js';
export type { Diagnostic, Position, Severity } from './diagnostics/diagnostic.js';
export { hasErrors } from './diagnostics/diagnostic.js';
export { type ResolvedProject, resolveProject } from './kql/project-world.js';
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
export { formatJson } from './report/json.js';
export { formatPretty, summaryLine } from './report/pretty.js';
export { allPassed, formatTestResults, testSummary } from './test/report-pretty.js';
export { queryUnderTest, runTest, runTests, type TestResult, type TestStatus } from './test/runner.js';
