import path from 'node:path';
import type { ContentItem, TableInput, TestCase } from '../model/content.js';
import type { TestCaseDoc } from '../model/test-case.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

/**
 * The tests declared at `base` (a `tests:` list in the item, or the list of a sibling tests file).
 * The source must already be valid against the schema.
 */
export function testsFromSource(
  source: YamlSource,
  base: YamlPath,
  item: ContentItem,
  samplesFolder: string,
): TestCase[] {
  let docs: unknown = source.value;
  for (const key of base) docs = (docs as Record<string | number, unknown>)?.[key];
  if (!Array.isArray(docs)) return [];
  return (docs as TestCaseDoc[]).map((doc, i) => {
    const testPath = [...base, i];
    const inputsOf = (key: 'input' | 'watchlists'): TableInput[] =>
      Object.entries(doc[key] ?? {}).map(([table, value]) => {
        const inputPath = [...testPath, key, table];
        return typeof value === 'string'
          ? { table, file: path.posix.join(samplesFolder, value), path: inputPath }
          : { table, rows: value, path: inputPath };
      });
    return {
      name: doc.name,
      item,
      source,
      path: testPath,
      now: doc.now,
      params: doc.params ?? {},
      inputs: inputsOf('input'),
      ...(doc.query !== undefined ? { query: doc.query } : {}),
      ...(doc.parameters !== undefined ? { parameters: doc.parameters } : {}),
      ...(doc.watchlists !== undefined ? { watchlists: inputsOf('watchlists') } : {}),
      expect: doc.expect,
    };
  });
}
