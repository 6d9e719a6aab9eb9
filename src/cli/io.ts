import { createInterface } from 'node:readline/promises';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stdout is a terminal (progress bars, colour). */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /** All of standard input (for `kqlc run -`); absent where there is none. */
  stdin?: () => Promise<string>;
  /**
   * Asks a question on the terminal and returns the line typed; present only when standard input is a
   * terminal (so a confirmation is never read from a pipe or a CI job).
   */
  prompt?: (question: string) => Promise<string>;
}

/** A usage or environment problem: exit code 2. */
export class UsageError extends Error {}

export function processIO(): CliIO {
  const prompt = async (question: string) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  };
  return {
    ...(process.stdin.isTTY ? { prompt } : {}),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** Exit codes: 0 clean, 1 content errors or failed tests, 2 usage or environment errors. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
