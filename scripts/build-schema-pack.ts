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
// Compared as data, not text: a formatter may lay the committed file out differently.
if (current === text || sameJson(current, text)) process.exit(0);
if (check) {
  process.stderr.write(
    `src/kql/schema-pack/sentinel-tables.json differs from ${source}: ${describeDifference(current, tables)}\n` +
      'run npm run gen:schema-pack to rebuild it\n',
  );
  process.exit(1);
}
writeFileSync(target, text);
process.stdout.write(
  `wrote ${Object.keys(tables).length} tables to src/kql/schema-pack/sentinel-tables.json\n`,
);

/** Which tables the shipped pack and the reference facts disagree on, named (at most ten of each). */
function describeDifference(packText: string, fresh: Record<string, string>): string {
  let shipped: Record<string, string> = {};
  try {
    shipped = (JSON.parse(packText) as { tables: Record<string, string> }).tables;
  } catch {
    return 'the shipped pack is not valid JSON';
  }
  const list = (names: string[]) =>
    names.length === 0
      ? 'none'
      : `${names.slice(0, 10).join(', ')}${names.length > 10 ? ` and ${names.length - 10} more` : ''}`;
  const added = Object.keys(fresh).filter((n) => !(n in shipped));
  const removed = Object.keys(shipped).filter((n) => !(n in fresh));
  const changed = Object.keys(fresh).filter((n) => n in shipped && shipped[n] !== fresh[n]);
  return `new tables: ${list(added)}; gone: ${list(removed)}; changed columns: ${list(changed)}`;
}

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}
