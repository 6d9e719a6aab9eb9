import { existsSync } from 'node:fs';
import path from 'node:path';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ContentItem, ContentKind, DeclaredTable, Project } from '../model/content.js';
import { TestsFileSchema } from '../model/test-case.js';
import { loadConfig } from './config.js';
import { discoverYaml, isTestsFile } from './discover.js';
import { itemFromSource } from './items.js';
import { readSourceFile } from './read-file.js';
import type { SourceFile } from './source-file.js';
import { tableFromSource } from './tables.js';
import { testsFromSource } from './tests.js';
import { validateAgainst } from './validate.js';
import { YamlSource } from './yaml-source.js';

/**
 * Loads a project: kqlc.yaml (or the default layout), table schemas, and every parser, hunting query
 * and analytic rule with its tests. Never throws on bad content: every problem is a diagnostic.
 */
export async function loadProject(root: string): Promise<Project> {
  const absoluteRoot = path.resolve(root);
  const { config, diagnostics } = await loadConfig(absoluteRoot);
  const files = new Map<string, SourceFile>();
  const parse = async (relative: string): Promise<YamlSource | undefined> => {
    const read = await readSourceFile(path.join(absoluteRoot, relative), relative);
    diagnostics.push(...read.diagnostics);
    if (!read.file) return undefined;
    files.set(relative, read.file);
    const parsed = YamlSource.parse(read.file);
    diagnostics.push(...parsed.diagnostics);
    return parsed.source;
  };

  const tables: DeclaredTable[] = [];
  for (const relative of await discoverYaml(absoluteRoot, config.paths.tables)) {
    const source = await parse(relative);
    if (!source) continue;
    const { table, diagnostics: found } = tableFromSource(source);
    diagnostics.push(...found);
    if (!table) continue;
    const existing = tables.find((t) => t.name === table.name);
    if (existing) {
      diagnostics.push(
        diagnostic('tableDuplicate', `table '${table.name}' is already declared in ${existing.file.path}`, {
          file: relative,
          ...source.span(['name']),
        }),
      );
      continue;
    }
    tables.push(table);
  }

  const items: ContentItem[] = [];
  const kinds: [ContentKind, string[]][] = [
    ['parser', config.paths.parsers],
    ['hunting', config.paths.hunting],
    ['analytic', config.paths.analytics],
  ];
  for (const [kind, folders] of kinds) {
    for (const relative of await discoverYaml(absoluteRoot, folders)) {
      if (isTestsFile(relative)) continue;
      const source = await parse(relative);
      if (!source) continue;
      const { item, diagnostics: found } = itemFromSource(source, kind);
      diagnostics.push(...found);
      if (!item) continue;
      item.tests.push(...testsFromSource(source, ['tests'], item, config.paths.samples));
      const sibling = await siblingTests(
        absoluteRoot,
        relative,
        item,
        config.paths.samples,
        parse,
        diagnostics,
      );
      item.tests.push(...sibling);
      items.push(item);
    }
  }
  return { root: absoluteRoot, config, tables, items, files, diagnostics };
}

async function siblingTests(
  root: string,
  relative: string,
  item: ContentItem,
  samples: string,
  parse: (relative: string) => Promise<YamlSource | undefined>,
  diagnostics: Diagnostic[],
) {
  const candidates = [
    relative.replace(/\.ya?ml$/i, '.tests.yaml'),
    relative.replace(/\.ya?ml$/i, '.tests.yml'),
  ];
  const found = candidates.find((c) => existsSync(path.join(root, c)));
  if (!found) return [];
  const source = await parse(found);
  if (!source) return [];
  const invalid = validateAgainst(TestsFileSchema, source, item.id);
  diagnostics.push(...invalid);
  if (invalid.length) return [];
  return testsFromSource(source, ['tests'], item, samples);
}
