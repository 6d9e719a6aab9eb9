import { Command, CommanderError } from 'commander';
import { registerBuild } from './commands/build.js';
import { registerCheck } from './commands/check.js';
import { registerImport } from './commands/import.js';
import { registerImportWorkbook } from './commands/import-workbook.js';
import { registerPlan } from './commands/plan.js';
import { registerPublish } from './commands/publish.js';
import { registerRun } from './commands/run.js';
import { registerTest } from './commands/test.js';
import { type CliIO, EXIT_USAGE, processIO, UsageError } from './io.js';

/** A command file registers itself; its action returns the exit code. */
export type RegisterCommand = (program: Command, io: CliIO, exit: (code: number) => void) => void;

const commands: RegisterCommand[] = [
  // one line per command file in ./commands/
  registerBuild,
  registerCheck,
  registerImport,
  registerImportWorkbook,
  registerPlan,
  registerPublish,
  registerRun,
  registerTest,
];

/** Runs kqlc with the given arguments and returns the exit code; never calls process.exit. */
export async function runCli(argv: string[], io: CliIO = processIO()): Promise<number> {
  let code = 0;
  const program = new Command('kqlc')
    .description('Check, test and publish Microsoft Sentinel content written as YAML with embedded KQL')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError();
  for (const register of commands) register(program, io, (c) => (code = Math.max(code, c)));
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
