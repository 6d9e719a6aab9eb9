import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './io.js';

/** The project root a command was pointed at; a missing folder is a usage error (exit 2). */
export function projectRoot(cwd: string, dir: string): string {
  const root = path.resolve(cwd, dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`'${dir}' is not a folder`);
  return root;
}
