import { existsSync } from 'node:fs';
import path from 'node:path';
import { defaultConfig, type ProjectConfig } from '../config/config.js';
import { type ConfigDoc, ConfigSchema } from '../config/schema.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { readSourceFile } from './read-file.js';
import { validateAgainst } from './validate.js';
import { YamlSource } from './yaml-source.js';

export const CONFIG_FILE = 'kqlc.yaml';

const list = (v: string | string[] | undefined, fallback: string[]): string[] =>
  v === undefined ? fallback : Array.isArray(v) ? v : [v];

/** Reads kqlc.yaml at the project root; without one, the default layout applies. */
export async function loadConfig(
  root: string,
): Promise<{ config: ProjectConfig; diagnostics: Diagnostic[] }> {
  const config = defaultConfig();
  const absolute = path.join(root, CONFIG_FILE);
  if (!existsSync(absolute)) return { config, diagnostics: [] };
  config.file = CONFIG_FILE;
  const read = await readSourceFile(absolute, CONFIG_FILE);
  if (!read.file) return { config, diagnostics: read.diagnostics };
  const parsed = YamlSource.parse(read.file);
  const diagnostics = [...parsed.diagnostics];
  if (!parsed.source) return { config, diagnostics };
  if (parsed.source.value === null || parsed.source.value === undefined) return { config, diagnostics };
  diagnostics.push(...validateAgainst(ConfigSchema, parsed.source));
  if (hasErrors(diagnostics)) return { config, diagnostics };
  const doc = parsed.source.value as ConfigDoc;
  const p = doc.paths ?? {};
  config.paths = {
    tables: list(p.tables, config.paths.tables),
    samples: p.samples ?? config.paths.samples,
    watchlists: list(p.watchlists, config.paths.watchlists),
    parsers: list(p.parsers, config.paths.parsers),
    hunting: list(p.hunting, config.paths.hunting),
    analytics: list(p.analytics, config.paths.analytics),
    workbooks: list(p.workbooks, config.paths.workbooks),
  };
  config.test.now = doc.test?.now;
  config.test.allowUnsupported = doc.test?.allowUnsupported ?? false;
  config.test.coverage = {
    testedItems: doc.test?.coverage?.testedItems ?? false,
    ruleAlerts: doc.test?.coverage?.ruleAlerts ?? false,
    workbookQueries: doc.test?.coverage?.workbookQueries ?? false,
  };
  config.environments = doc.environments ?? {};
  config.values = Object.fromEntries(Object.entries(doc.values ?? {}).map(([k, v]) => [k, String(v)]));
  config.checks = {
    severity: doc.checks?.severity ?? {},
    disable: (doc.checks?.disable ?? []).map((d) => ({ code: d.code, id: d.id })),
  };
  return { config, diagnostics };
}
