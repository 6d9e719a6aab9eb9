/**
 * bench/check: times `kqlc check` on a synthetic project of 3,000 rules and hunting queries over the
 * built-in tables and 50 parsers (cold, warm, one file changed) and the floor: bare
 * KustoCode.ParseAndAnalyze of the same queries in one process, divided by the workers kqlc uses.
 * Usage: npm run build && npx tsx bench/check/run.ts [items]
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveProject } from '../../src/kql/project-world.js';
import { loadProject } from '../../src/load/project.js';
import { generateProject } from './generate.js';

const items = Number(process.argv[2] ?? 3000);
const bin = fileURLToPath(new URL('../../bin/kqlc.js', import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), 'kqlc-bench-check-'));
generateProject(root, items);

function timeCheck(label: string): number {
  const start = performance.now();
  let status = 0;
  try {
    execFileSync(process.execPath, [bin, 'check', root, '--format', 'json'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 28,
    });
  } catch (e) {
    status = (e as { status: number }).status;
  }
  const ms = performance.now() - start;
  console.log(`${label.padEnd(22)} ${(ms / 1000).toFixed(2)} s${status ? `  (exit ${status})` : ''}`);
  return ms;
}

console.log(`synthetic project: ${items} rules and hunting queries, 50 parsers, in ${root}`);
const cold = timeCheck('cold');
const warm = timeCheck('warm (nothing changed)');
appendFileSync(path.join(root, 'analytics', 'bench_0.yaml'), '# touched\n');
const changed = timeCheck('one file changed');

// The floor: bare ParseAndAnalyze of the same queries in this process.
const project = await loadProject(root);
const resolved = resolveProject(project);
const queries = project.items.map((i) => i.query.text);
resolved.world.analyze(queries[0]); // warm-up, as a long run would be
const start = performance.now();
for (const q of queries) resolved.world.analyze(q);
const bare = performance.now() - start;
const workers = Math.max(
  1,
  Math.min(availableParallelism(), Number(process.env.KQLC_WORKERS ?? availableParallelism())),
);
const floor = bare / workers;
console.log(
  `bare ParseAndAnalyze   ${(bare / 1000).toFixed(2)} s in one thread (${(bare / queries.length).toFixed(2)} ms/query)`,
);
console.log(`floor (÷ ${workers} workers)     ${(floor / 1000).toFixed(2)} s`);
console.log(`cold / floor           ${(cold / floor).toFixed(2)} (target ≤ 1.3)`);
console.log(`warm                   ${(warm / 1000).toFixed(2)} s (target ≤ 1 s)`);
console.log(`one file changed       ${(changed / 1000).toFixed(2)} s (target ≤ 2 s)`);
rmSync(root, { recursive: true, force: true });
