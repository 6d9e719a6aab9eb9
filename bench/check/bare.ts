/**
 * bench/check/bare.ts: bare `KustoCode.ParseAndAnalyze` (through the project's World, as kqlc analyses)
 * of the queries of a project's items `[from, to)`, after one warm-up analysis. Prints the analysis
 * time in milliseconds on its last line. Run by bench/check/run.ts, once for the floor and twice side
 * by side for what two processes get from this machine.
 * Usage: npx tsx bench/check/bare.ts <root> [from] [to]
 */
import { resolveProject } from '../../src/kql/project-world.js';
import { loadProject } from '../../src/load/project.js';

const [root, from = '0', to] = process.argv.slice(2);
const project = await loadProject(root);
const { world } = resolveProject(project);
const queries = project.items
  .map((i) => i.query.text)
  .slice(Number(from), to === undefined ? undefined : Number(to));
world.analyze(queries[0]); // warm-up, as a long run would be
const start = performance.now();
for (const q of queries) world.analyze(q);
console.log(`${queries.length} ${(performance.now() - start).toFixed(0)}`);
