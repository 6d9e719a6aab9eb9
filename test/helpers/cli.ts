import { runCli } from '../../src/cli/main.js';

/** Runs the CLI in-process with captured output. */
export async function cli(args: string[], cwd = process.cwd(), stdin?: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    isTTY: false,
    env: {},
    cwd,
    ...(stdin === undefined ? {} : { stdin: async () => stdin }),
  });
  return { code, stdout, stderr };
}
