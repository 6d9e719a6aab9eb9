import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Lists the YAML files under the given project-relative folders, recursively, sorted, as
 * project-relative paths with forward slashes. A folder that does not exist contributes nothing.
 */
export async function discoverYaml(root: string, folders: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const folder of folders) {
    const absolute = path.resolve(root, folder);
    let entries: string[];
    try {
      entries = (await readdir(absolute, { recursive: true })) as string[];
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (!/\.ya?ml$/i.test(entry)) continue;
      const relative = path.relative(root, path.join(absolute, entry)).split(path.sep).join('/');
      if (relative.split('/').some((part) => part === 'node_modules' || part.startsWith('.'))) continue;
      found.add(relative);
    }
  }
  return [...found].sort();
}

/** True for a sibling test file (`<name>.tests.yaml`), which belongs to the item beside it. */
export function isTestsFile(relativePath: string): boolean {
  return /\.tests\.ya?ml$/i.test(relativePath);
}
