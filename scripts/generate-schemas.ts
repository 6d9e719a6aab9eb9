/**
 * Writes the JSON Schemas of kqlc's file formats to schemas/*.json, from the TypeBox definitions in
 * src/model and src/config, for editors (yaml-language-server) and other tools.
 * `--check` fails instead of writing when a file is stale (CI runs it that way).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { schemaFiles } from '../src/model/schema-files.js';

const check = process.argv.includes('--check');
let stale = 0;
for (const { file, schema } of schemaFiles()) {
  const path = new URL(`../schemas/${file}`, import.meta.url);
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  let current = '';
  try {
    current = readFileSync(path, 'utf8');
  } catch {}
  if (current === text) continue;
  if (check) {
    process.stderr.write(`schemas/${file} is stale: run npm run gen:schemas\n`);
    stale++;
  } else {
    writeFileSync(path, text);
    process.stdout.write(`wrote schemas/${file}\n`);
  }
}
process.exitCode = stale ? 1 : 0;
