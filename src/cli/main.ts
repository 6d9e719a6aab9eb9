import { Command, CommanderError } from 'commander';
import { type CliIO, EXIT_USAGE, processIO, UsageError } from './io.js';

/** A command file registers itself; its action returns the exit code. */
export type RegisterCommand = (program: Command, io: CliIO, exit: (code: number) => void) => void;

/**
 * One loader per command file in ./commands/. Only the command being run is imported (its
 * dependencies, such as the Azure SDKs of publish, cost startup time); help imports them all.
 */
const commands: Record<string, () => Promise<RegisterCommand>> = {
  build: async () => (await import('./commands/build.js')).registerBuild,
  check: async () => (await import('./commands/check.js')).registerCheck,
  import: async () => (await import('./commands/import.js')).registerImport,
  'import-workbook': async () => (await import('./commands/import-workbook.js')).registerImportWorkbook,
  plan: async () => (await import('./commands/plan.js')).registerPlan,
  publish: async () => (await import('./commands/publish.js')).registerPublish,
  run: async () => (await import('./commands/run.js')).registerRun,
  test: async () => (await import('./commands/test.js')).registerTest,
};

/** The loaders of the commands to register: the one named first in `argv`, or all of them. */
function commandsFor(argv: readonly string[]): (() => Promise<RegisterCommand>)[] {
  const name = argv.find((a) => !a.startsWith('-'));
  return name !== undefined && Object.hasOwn(commands, name) ? [commands[name]] : Object.values(commands);
}

/** Runs kqlc with the given arguments and returns the exit code; never calls process.exit. */
export async function runCli(argv: string[], io: CliIO = processIO()): Promise<number> {
  let code = 0;
  const program = new Command('kqlc')
    .description('Check, test and publish Microsoft Sentinel content written as YAML with embedded KQL')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError();
  for (const load of commandsFor(argv)) (await load())(program, io, (c) => (code = Math.max(code, c)));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE;
    if (e instanceof UsageError) {
      io.stderr(`kqlc: ${e.message}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`kqlc: internal error: ${(e as Error).stack ?? String(e)}\n`);
    return EXIT_USAGE;
  }
  return code;
}
