import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { UsageError } from './io.js';

const run = promisify(execFile);

/**
 * Files changed in the working tree since a git ref (committed, staged, unstaged and untracked),
 * as paths relative to `root` with forward slashes. A bad ref or no git repository is a usage error.
 */
export async function changedSince(root: string, ref: string): Promise<Set<string>> {
  const git = async (args: string[]) => {
    try {
      return (await run('git', ['-C', root, ...args], { maxBuffer: 64 * 1024 * 1024 })).stdout;
    } catch (e) {
      const stderr = (e as { stderr?: string }).stderr?.trim();
      throw new UsageError(
        `--changed-since ${ref}: git ${args[0]} failed${stderr ? `: ${stderr.split('\n')[0]}` : ''}`,
      );
    }
  };
  await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  const diff = await git(['diff', '--name-only', '--no-renames', '--relative', ref, '--']);
  const untracked = await git(['ls-files', '--others', '--exclude-standard']);
  return new Set(
    `${diff}\n${untracked}`
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
}

/** The text of each of `files` (project-relative) at a git ref; files absent there are left out. */
export async function textsAt(
  root: string,
  ref: string,
  files: Iterable<string>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of files) {
    try {
      const { stdout } = await run('git', ['-C', root, 'show', `${ref}:./${file}`], {
        maxBuffer: 64 * 1024 * 1024,
      });
      out.set(file, stdout);
    } catch {
      // new since the base ref
    }
  }
  return out;
}
