/**
 * bench/check/profile-checks.ts: where single-threaded check time goes on the synthetic project —
 * loading, bare analysis, and each check's own cost on top. Usage: npx tsx bench/check/profile-checks.ts [items]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runChecks } from '../../src/check/check.js';
import { checks } from '../../src/check/index.js';
import { resolveProject } from '../../src/kql/project-world.js';
import { loadProject } from '../../src/load/project.js';
import { generateProject } from './generate.js';

const items = Number(process.argv[2] ?? 500);
const root = mkdtempSync(path.join(tmpdir(), 'kqlc-bench-profile-'));
generateProject(root, items);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
let t = cpu();
const project = await loadProject(root);
console.log(`load ${project.items.length} items: ${(cpu() - t).toFixed(0)} ms cpu`);
const resolved = resolveProject(project);
resolved.world.analyze('print 1');
t = cpu();
for (const item of project.items) resolved.analysis(item);
const analysis = cpu() - t;
console.log(`analysis (once per item): ${analysis.toFixed(0)} ms cpu`);
t = cpu();
for (const item of project.items) resolved.world.analyze(item.query.text);
console.log(`analysis again, warm: ${(cpu() - t).toFixed(0)} ms cpu`);
const itemChecks = checks.filter((c) => c.scope !== 'project');
for (const check of itemChecks) {
  t = cpu();
  runChecks([check], resolved);
  console.log(`  ${check.id.padEnd(34)} ${(cpu() - t).toFixed(0)} ms cpu`);
}
rmSync(root, { recursive: true, force: true });
