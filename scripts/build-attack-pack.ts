/**
 * Builds kqlc's ATT&CK pack (src/check/attack/attack.json): Sentinel's tactic names, every ATT&CK
 * Enterprise technique with its name and tactics, deprecated techniques with their replacement, revoked
 * ids with their redirect, and the technique → tactic table of the Azure-Sentinel repository's CI, all
 * from ../shared/reference/attack/ (see its README for sources). `--check` fails when the pack is stale;
 * without ../shared it says so and does nothing.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const source = fileURLToPath(new URL('../../shared/reference/attack/', import.meta.url));
const target = fileURLToPath(new URL('../src/check/attack/attack.json', import.meta.url));
const check = process.argv.includes('--check');

if (!existsSync(source)) {
  process.stdout.write(`attack pack: ${source} is absent; not rebuilt\n`);
  process.exit(0);
}

interface Enterprise {
  version: string;
  tactics: { id: string; sentinelName: string }[];
  techniques: {
    id: string;
    name: string;
    tactics: string[];
    deprecated: boolean;
    revokedBy?: string;
  }[];
  revokedRedirects: Record<string, string>;
}
interface Killchain {
  attackTacticEnum: string[];
  intentToTechniques: Record<string, string[]>;
}

const enterprise = JSON.parse(readFileSync(`${source}enterprise.json`, 'utf8')) as Enterprise;
const killchain = JSON.parse(readFileSync(`${source}sentinel-validator-killchain.json`, 'utf8')) as Killchain;

const tacticName = new Map(enterprise.tactics.map((t) => [t.id, t.sentinelName]));
const techniques: Record<string, { name: string; tactics: string[]; replacedBy?: string }> = {};
for (const t of [...enterprise.techniques].sort((a, b) => (a.id < b.id ? -1 : 1))) {
  const entry: { name: string; tactics: string[]; replacedBy?: string; deprecated?: true } = {
    name: t.name,
    tactics: t.tactics.map((id) => tacticName.get(id) ?? id),
  };
  if (t.deprecated) {
    entry.deprecated = true;
    if (t.revokedBy) entry.replacedBy = t.revokedBy;
  }
  techniques[t.id] = entry;
}
// The CI table is keyed by intent; invert it to technique → intents, dropping malformed ids.
const ci: Record<string, string[]> = {};
for (const [intent, ids] of Object.entries(killchain.intentToTechniques)) {
  for (const id of ids) {
    if (!/^T\d{4}$/.test(id)) continue;
    ci[id] ??= [];
    if (!ci[id].includes(intent)) ci[id].push(intent);
  }
}
const sortedCi = Object.fromEntries(
  Object.keys(ci)
    .sort()
    .map((k) => [k, ci[k].sort()]),
);

const pack = {
  source: '../shared/reference/attack (see its README); ATT&CK® © The MITRE Corporation',
  version: enterprise.version,
  tactics: enterprise.tactics.map((t) => t.sentinelName),
  techniques,
  revoked: Object.fromEntries(Object.entries(enterprise.revokedRedirects).sort()),
  sentinelCi: sortedCi,
};
// One technique per line: small diffs when ATT&CK moves on, still compact.
// Laid out as Biome formats JSON (arrays of strings on one line when they fit), so lint leaves it alone.
const text = `${JSON.stringify(pack, null, 2).replace(
  /^( *)("[^"]+": )?\[\n((?: *"[^"\n]*",?\n)+) *\]/gm,
  (all, indent: string, key = '', items: string) => {
    const line = `${indent}${key}[${items
      .trim()
      .split(/,?\n\s*/)
      .join(', ')}]`;
    return line.length <= 110 ? line : all;
  },
)}\n`;
const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
// Compared as data, not text: a formatter may lay the committed file out differently.
if (current === text || sameJson(current, text)) process.exit(0);
if (check) {
  process.stderr.write('src/check/attack/attack.json is stale: run npx tsx scripts/build-attack-pack.ts\n');
  process.exit(1);
}
writeFileSync(target, text);
process.stdout.write(
  `wrote ATT&CK ${enterprise.version}: ${Object.keys(techniques).length} techniques to src/check/attack/attack.json\n`,
);

function sameJson(a: string, b: string): boolean {
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}
