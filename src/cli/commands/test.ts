import { Option } from 'commander';
import {
  allPassed,
  formatPretty,
  formatTestResults,
  hasErrors,
  loadProject,
  resolveProject,
  runTests,
  type TestResult,
} from '../../index.js';
import { alertRecord } from '../../test/alerts.compare.js';
import { checkCoverage } from '../../test/coverage.js';
import { countItemFiles, TestWorkers, threadsFor, workerLimit } from '../../test/parallel.js';
import { formatReplay, ReplayError, replayRule } from '../../test/replay.js';
import { formatTestJunit } from '../../test/report-junit.js';
import { updateExpectations } from '../../test/update.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError } from '../io.js';
import type { RegisterCommand } from '../main.js';
import { projectRoot } from '../project-root.js';

const FORMATS = ['pretty', 'json', 'junit'] as const;
type Format = (typeof FORMATS)[number];

interface TestOptions {
  filter?: string;
  format: Format;
  update?: boolean;
  replay?: string;
  from?: string;
  to?: string;
  data?: string;
  workers?: string;
}

/** kqlc test [dir]: run every content test on the local engine; exit 1 on any failure. */
export const registerTest: RegisterCommand = (program, io, exit) => {
  program
    .command('test')
    .description('run the tests declared with each content item on the local KQL engine')
    .argument('[dir]', 'project root', '.')
    .option(
      '--filter <text>',
      'only tests whose file path, name or workbook query (as the test names it) contains this text',
    )
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('pretty'))
    .option('--update', 'write the actual results into the expectations of the selected tests')
    .option(
      '--replay <rule>',
      'replay an analytic rule (id, name or file) on its schedule over recorded data',
    )
    .option('--from <datetime>', 'replay: first run (ISO 8601)')
    .option('--to <datetime>', 'replay: last run (ISO 8601)')
    .option('--data <dir>', 'replay: folder with one <Table>.jsonl or <Table>.csv per table')
    .option(
      '--workers <n>',
      'most threads to run tests in; a large suite runs in worker threads too (default: one plus the number of idle CPUs; $KQLC_WORKERS; 1: this thread only)',
    )
    .action(async (dir: string, options: TestOptions) => {
      const root = projectRoot(io.cwd, dir);
      const requested = Number(options.workers ?? io.env.KQLC_WORKERS ?? Number.NaN);
      const workers = workerLimit(Number.isInteger(requested) && requested > 0 ? requested : undefined);
      // A suite big enough to share out gets its workers now, so that they load Kusto.Language while
      // this thread loads the project; runTests stops them unused if the selected tests are too few.
      let pool: TestWorkers | undefined;
      if (workers > 1 && options.replay === undefined && options.filter === undefined) {
        const early = threadsFor(await countItemFiles(root), workers);
        if (early >= 2) pool = new TestWorkers(root, workers - 1).start(early - 1);
      }
      try {
        await run(root, options, workers, pool);
      } finally {
        await pool?.close();
      }
    });

  const run = async (root: string, options: TestOptions, workers: number, pool?: TestWorkers) => {
    const project = await loadProject(root);
    const color = io.isTTY && !io.env.NO_COLOR;
    const resolved = resolveProject(project);
    const loadErrors = project.diagnostics.filter((d) => d.severity === 'error');
    const sources = new Map([...project.files].map(([p, f]) => [p, f.text]));
    if (loadErrors.length) {
      // Content that does not load cannot be tested; say so instead of running a partial suite silently.
      io.stderr(formatPretty(loadErrors, { sources, color }));
    }

    if (options.replay !== undefined) {
      if (!options.from || !options.to || !options.data)
        throw new UsageError('--replay needs --from, --to and --data');
      if (options.format === 'junit') throw new UsageError('--replay prints pretty or json');
      try {
        const report = await replayRule(resolved, {
          rule: options.replay,
          from: options.from,
          to: options.to,
          data: options.data,
        });
        if (options.format === 'json') {
          const runs = report.runs.map((r) => ({ ...r, alerts: r.alerts.map(alertRecord) }));
          io.stdout(`${JSON.stringify({ ...report, runs }, null, 2)}\n`);
        } else io.stdout(formatReplay(report));
      } catch (e) {
        if (e instanceof ReplayError) throw new UsageError(e.message);
        throw e;
      }
      exit(hasErrors(loadErrors) ? EXIT_FINDINGS : EXIT_OK);
      return;
    }
    if (options.from || options.to || options.data)
      throw new UsageError('--from, --to and --data go with --replay');

    const { allowUnsupported, coverage } = project.config.test;
    const results = await runTests(resolved, { filter: options.filter, workers, pool });
    // Coverage is about the whole suite: a filtered run says nothing about what is missing.
    const coverageErrors = options.filter ? [] : checkCoverage(project, results, coverage);

    if (options.update) {
      const summary = await updateExpectations(root, results);
      const skipped = summary.notUpdated.length
        ? `; not updated (did not run): ${summary.notUpdated.length}`
        : '';
      io.stderr(
        `Updated the expectations of ${summary.updated} test${summary.updated === 1 ? '' : 's'} in ${summary.files.length} file${summary.files.length === 1 ? '' : 's'}${skipped}\n`,
      );
      for (const f of summary.files) io.stderr(`  ${f}\n`);
    }

    if (options.format === 'json') {
      io.stdout(`${JSON.stringify(results.map(jsonRecord), null, 2)}\n`);
      if (coverageErrors.length) io.stderr(formatPretty(coverageErrors, { sources, color }));
    } else if (options.format === 'junit') {
      io.stdout(formatTestJunit(results, { allowUnsupported, coverage: coverageErrors }));
    } else {
      io.stdout(formatTestResults(results, color));
      if (coverageErrors.length) io.stdout(formatPretty(coverageErrors, { sources, color }));
    }
    const failed =
      !allPassed(results, { allowUnsupported }) || hasErrors(loadErrors) || coverageErrors.length > 0;
    exit(failed ? EXIT_FINDINGS : EXIT_OK);
  };
};

function jsonRecord(r: TestResult) {
  const run = r.actual?.run;
  return {
    file: r.test.item.source.file.path,
    contentId: r.test.item.id,
    ...(r.test.item.kind === 'workbook' && r.test.query !== undefined ? { query: r.test.query } : {}),
    test: r.test.name,
    status: r.status,
    message: r.message,
    durationMs: Math.round(r.durationMs * 1000) / 1000,
    evaluateMs: Math.round(r.evaluateMs * 1000) / 1000,
    analyzeMs: Math.round(r.analyzeMs * 1000) / 1000,
    ...(r.actual ? { rows: r.actual.result.rows.length } : {}),
    ...(run ? { alerts: run.alerts.map(alertRecord) } : {}),
    ...(r.diagnostics.length ? { diagnostics: r.diagnostics } : {}),
  };
}
