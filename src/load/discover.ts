import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';

/** File extensions (lower case, without the dot) that a kind of content may be written in. */
export const EXTENSIONS = {
  yaml: ['yaml', 'yml'],
  tables: ['yaml', 'yml', 'json', 'csv'],
  parsers: ['yaml', 'yml', 'kql', 'txt'],
  workbooks: ['yaml', 'yml', 'json'],
} as const;

/**
 * Lists the content files named by `kqlc.yaml` paths, as sorted project-relative paths with forward
 * slashes. An entry is a folder (searched recursively) or a glob (`Solutions/*\/Analytic Rules`,
 * `Detections/**\/*.yaml`); a glob that matches folders searches them, one that matches files takes
 * those with an accepted extension. An entry starting with `!` excludes what it matches. A folder
 * that does not exist contributes nothing; `node_modules` and dot-folders are skipped below the folder
 * an entry names (the entry itself may be one: `.script/tests/KqlvalidationsTests/CustomTables`).
 */
export async function discoverFiles(
  root: string,
  entries: readonly string[],
  extensions: readonly string[],
): Promise<string[]> {
  const accepted = (file: string) => extensions.includes(path.extname(file).slice(1).toLowerCase());
  const ignore = entries.filter((e) => e.startsWith('!')).map((e) => e.slice(1));
  const found = new Set<string>();
  /** `below` is the part of the path under the folder or glob that named it: only there are dot-folders skipped. */
  const add = (relative: string, below: string) => {
    const posix = relative.split(path.sep).join('/');
    const hidden = below.split(path.sep).join('/').split('/');
    if (hidden.some((part) => part === 'node_modules' || (part.startsWith('.') && part !== '.'))) return;
    if (accepted(posix)) found.add(posix);
  };
  const addFolder = async (relative: string) => {
    const absolute = path.resolve(root, relative);
    let listed: string[];
    try {
      listed = (await readdir(absolute, { recursive: true })) as string[];
    } catch {
      return;
    }
    for (const entry of listed) add(path.relative(root, path.join(absolute, entry)), entry);
  };
  for (const entry of entries) {
    if (entry.startsWith('!')) continue;
    if (!isDynamicPattern(entry)) {
      await addFolder(entry);
      continue;
    }
    const matches = await glob(entry, {
      cwd: root,
      onlyFiles: false,
      ignore,
      expandDirectories: false,
    }).catch(() => [] as string[]);
    for (const match of matches) {
      const info = await stat(path.join(root, match)).catch(() => undefined);
      if (info?.isDirectory()) await addFolder(match);
      else if (info?.isFile()) add(match, path.basename(match));
    }
  }
  if (ignore.length === 0 || found.size === 0) return [...found].sort();
  const ignored = new Set(await glob(ignore, { cwd: root, onlyFiles: true }).catch(() => [] as string[]));
  const ignoredDirs = await glob(ignore, { cwd: root, onlyDirectories: true }).catch(() => [] as string[]);
  return [...found]
    .filter((f) => !ignored.has(f) && !ignoredDirs.some((d) => f.startsWith(d.endsWith('/') ? d : `${d}/`)))
    .sort();
}

/** The YAML files under the given folders or globs (see discoverFiles). */
export function discoverYaml(root: string, entries: readonly string[]): Promise<string[]> {
  return discoverFiles(root, entries, EXTENSIONS.yaml);
}

/** True for a sibling test file (`<name>.tests.yaml`), which belongs to the item beside it. */
export function isTestsFile(relativePath: string): boolean {
  return /\.tests\.ya?ml$/i.test(relativePath);
}
