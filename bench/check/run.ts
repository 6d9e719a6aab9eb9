/**
 * bench/check: times `kqlc check` on a synthetic project of 3,000 rules and hunting queries over the
 * built-in tables and 50 parsers (cold, warm, one file changed) and the floor: bare
 * KustoCode.ParseAndAnalyze of the same queries in one process, divided by the workers kqlc uses.
 * The machine's speed drifts from minute to minute, so each round measures everything once, side by
 * side, and the ratios are taken within a round; it also measures what two processes analysing half
 * the queries each get from this machine (the best any two-worker run could do).
 * Usage: npm run build && npx tsx bench/check/run.ts [items] [rounds]
 */
import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generateProject } from './generate.js';

const items = Number(process.argv[2] ?? 3000);
const rounds = Number(process.argv[3] ?? 3);
const bin = fileURLToPath(new URL('../../bin/kqlc.js', import.meta.url));
const bare = fileURLToPath(new URL('./bare.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/tsx/dist/cli.mjs', import.meta.url));
const root = mkdtempSync(path.join(tmpdir(), 'kqlc-bench-check-'));
generateProject(root, items);
const run = promisify(execFile);

function timeCheck(): number {
  const start = performance.now();
  try {
    execFileSync(process.execPath, [bin, 'check', root, '--format', 'json'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch (e) {
    const status = (e as { status: number }).status;
    if (status !== 1) throw e; // 1: findings (the synthetic project has some); anything else is a failure
  }
  return performance.now() - start;
}

/** Bare analysis of items [from, to) in a process of its own: its analysis time in ms. */
async function bareAnalysis(from: number, to: number): Promise<number> {
  const { stdout } = await run(process.execPath, [tsx, bare, root, String(from), String(to)]);
  return Number(stdout.trim().split(/\s+/).at(-1));
}

const workers = Math.max(
  1,
  Math.min(availableParallelism(), Number(process.env.KQLC_WORKERS ?? availableParallelism())),
);
const count = items + 50; // the items and the parsers
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
console.log(
  `synthetic project: ${items} rules and hunting queries, 50 parsers, in ${root}; ${workers} workers`,
);
console.log(
  'round  load  cold     warm    changed  bare 1×    floor    cold/floor  two side by side  cold/that',
);
const rows: { cold: number; warm: number; changed: number; floor: number; pair: number }[] = [];
for (let r = 0; r < rounds; r++) {
  const load = loadavg()[0].toFixed(1);
  rmSync(path.join(root, '.kqlc-cache'), { recursive: true, force: true });
  const cold = timeCheck();
  const warm = timeCheck();
  appendFileSync(path.join(root, 'analytics', `bench_${2 * r}.yaml`), '# touched\n');
  const changed = timeCheck();
  const one = await bareAnalysis(0, count);
  const floor = one / workers;
  const half = Math.ceil(count / 2);
  const pair = Math.max(...(await Promise.all([bareAnalysis(0, half), bareAnalysis(half, count)])));
  rows.push({ cold, warm, changed, floor, pair });
  console.log(
    `${String(r + 1).padEnd(6)} ${load.padEnd(5)} ${s(cold).padEnd(8)} ${s(warm).padEnd(7)} ${s(changed).padEnd(8)} ${s(one).padEnd(10)} ${s(floor).padEnd(8)} ${(cold / floor).toFixed(2).padEnd(11)} ${s(pair).padEnd(17)} ${(cold / pair).toFixed(2)}`,
  );
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const m = (key: keyof (typeof rows)[0]) => median(rows.map((row) => row[key]));
console.log(`\nmedians over ${rounds} rounds`);
console.log(
  `cold / floor           ${median(rows.map((row) => row.cold / row.floor)).toFixed(2)} (target ≤ 1.3)`,
);
console.log(`warm                   ${s(m('warm'))} (target ≤ 1 s)`);
console.log(`one file changed       ${s(m('changed'))} (target ≤ 2 s)`);
console.log(
  `two processes side by side analyse in ${s(m('pair'))}: ${((2 * m('floor')) / m('pair')).toFixed(2)} × one process; cold / that ${median(rows.map((row) => row.cold / row.pair)).toFixed(2)}`,
);
rmSync(root, { recursive: true, force: true });
