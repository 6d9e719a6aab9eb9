/**
 * Builds kqlc's built-in schema pack (src/kql/schema-pack/sentinel-tables.json): the name and KQL type
 * of every column of Sentinel's and Log Analytics' own tables, from the facts collected in
 * ../shared/reference/tables/ (see its README for sources). `--check` fails when the pack is stale;
 * without ../shared it says so and does nothing.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../../shared/reference/tables/', import.meta.url));
const target = fileURLToPath(new URL('../src/kql/schema-pack/sentinel-tables.json', import.meta.url));
const check = process.argv.includes('--check');

if (!existsSync(source)) {
  process.stdout.write(`schema pack: ${source} is absent; not rebuilt\n`);
  process.exit(0);
}

const tables: Record<string, string> = {};
for (const file of readdirSync(source)
  .filter((f) => f.endsWith('.json'))
  .sort()) {
  const doc = JSON.parse(readFileSync(source + file, 'utf8')) as {
    name: string;
    columns: { name: string; type: string }[];
  };
  tables[doc.name] = doc.columns.map((c) => `${c.name}:${c.type}`).join(',');
}
const text = `${JSON.stringify({ source: '../shared/reference/tables (see its README)', tables }, null, 0).replace(/,"(?=[A-Za-z_]+":")/g, ',\n"')}\n`;
const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
if (current === text) process.exit(0);
if (check) {
  process.stderr.write('src/kql/schema-pack/sentinel-tables.json is stale: run npm run gen:schema-pack\n');
  process.exit(1);
}
writeFileSync(target, text);
process.stdout.write(
  `wrote ${Object.keys(tables).length} tables to src/kql/schema-pack/sentinel-tables.json\n`,
);
