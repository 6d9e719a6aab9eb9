/**
 * Engine benchmark (issue 4 "Speed"): 1,000,000 SigninLogs-like rows, five canonical queries, each timed
 * on the local engine and as a hand-written JavaScript loop over the same row objects (the floor).
 * Each query runs several times (engine and loop alternating, so both see the same machine load); the
 * best (minimum) and median times are printed. The engine's time is split into analysis (Kusto.Language
 * parse + bind, a fixed cost per query) and evaluation (the compiled plan over the rows, plus the
 * result's conversion to JSON form); the ratio to the loop is given for evaluation alone and for both.
 * Run: node --expose-gc --import tsx bench/engine/run.ts [rows] [repetitions]
 * (BENCH_ONLY=filter,join runs only the queries whose names contain `filter` or `join`).
 */
import { type EngineTableInput, evaluate, type QueryResult } from '../../src/engine/index.js';
import { World } from '../../src/kql/world.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const REPS = Number(process.argv[3] ?? 5);
const gc = (globalThis as { gc?: () => void }).gc;
const NOW = '2026-11-20T12:00:00Z';
const START = Date.parse('2026-11-13T12:00:00Z');

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function generate(n: number): EngineTableInput {
  const r = rng(42);
  const apps = ['Azure Portal', 'Office 365', 'Teams', 'Outlook', 'SharePoint'];
  const results = [0, 0, 0, 0, 50126, 50074, 53003];
  const rows: Record<string, unknown>[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const user = `user${Math.floor(r() * 20_000)}@contoso.com`;
    const ts = new Date(START + Math.floor(r() * 7 * 86_400_000));
    const tags = Array.from({ length: 1 + Math.floor(r() * 3) }, (_, k) => `t${k}${Math.floor(r() * 5)}`);
    rows[i] = {
      TimeGenerated: ts,
      UserPrincipalName: user,
      IPAddress: `10.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}.${Math.floor(r() * 256)}`,
      ResultType: results[Math.floor(r() * results.length)],
      AppDisplayName: apps[Math.floor(r() * apps.length)],
      Props: `{"tags":${JSON.stringify(tags)}}`,
    };
  }
  return {
    columns: [
      { name: 'TimeGenerated', type: 'datetime' },
      { name: 'UserPrincipalName', type: 'string' },
      { name: 'IPAddress', type: 'string' },
      { name: 'ResultType', type: 'long' },
      { name: 'AppDisplayName', type: 'string' },
      { name: 'Props', type: 'dynamic' },
    ],
    rows,
  };
}

/** CPU time of this process (all its threads, so the garbage collector's too) in ms since `from`. */
function cpuMs(from?: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
}

function time<T>(fn: () => T): { ms: number; cpuMs: number; value: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, cpuMs: cpuMs(c0), value };
}

gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const signins = generate(ROWS);
const users: EngineTableInput = {
  columns: [
    { name: 'UserPrincipalName', type: 'string' },
    { name: 'Department', type: 'string' },
  ],
  rows: Array.from({ length: 10_000 }, (_, i) => ({
    UserPrincipalName: `user${i}@contoso.com`,
    Department: `d${i % 17}`,
  })),
};
const joinLeft: EngineTableInput = { columns: signins.columns, rows: signins.rows.slice(0, 100_000) };
const tables = { SigninLogs: signins, Users: users, SigninSample: joinLeft };
// Load once, as a test run would: Kusto.Language, the JIT, and each input table converted into the
// engine's columns (cached per rows array). The timings below are per query on loaded data.
const loadStart = performance.now();
for (const name of Object.keys(tables)) run(`${name} | take 1`);
const loadMs = performance.now() - loadStart;
gc?.();
const heapAfter = process.memoryUsage().heapUsed;

/** What runQuery does, in two timed halves: analysis (World + parse + bind) and evaluation. */
function run(query: string): {
  analysisMs: number;
  evaluationMs: number;
  evaluationCpuMs: number;
  result: QueryResult;
} {
  const t0 = performance.now();
  const world = new World(
    Object.entries(tables).map(([name, t]) => ({ name, columns: t.columns })),
    [],
  );
  const analyzed = world.analyze(query);
  const errors = analyzed.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${query}: ${errors.map((e) => e.message).join('; ')}`);
  const c1 = process.cpuUsage();
  const t1 = performance.now();
  const result = evaluate(analyzed.code, { tables, now: NOW });
  return {
    analysisMs: t1 - t0,
    evaluationMs: performance.now() - t1,
    evaluationCpuMs: cpuMs(c1),
    result,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface Case {
  name: string;
  query: string;
  inputRows: number;
  loop: () => number;
  /** The loop's answer read from the engine's result, to check both computed the same thing. */
  answer?: (r: QueryResult) => number;
}

const HOUR = 3_600_000;
const cases: Case[] = [
  {
    name: 'filter + project',
    query: 'SigninLogs | where ResultType == 50126 | project TimeGenerated, UserPrincipalName, IPAddress',
    inputRows: ROWS,
    loop: () => {
      const out: unknown[][] = [];
      for (const row of signins.rows)
        if (row.ResultType === 50126) out.push([row.TimeGenerated, row.UserPrincipalName, row.IPAddress]);
      return out.length;
    },
  },
  {
    name: 'summarize dcount() by bin(1h), key',
    query: 'SigninLogs | summarize dcount(IPAddress) by bin(TimeGenerated, 1h), UserPrincipalName',
    inputRows: ROWS,
    loop: () => {
      const groups = new Map<string, Set<unknown>>();
      for (const row of signins.rows) {
        const bin = Math.floor((row.TimeGenerated as Date).getTime() / HOUR);
        const key = `${bin}|${row.UserPrincipalName}`;
        let set = groups.get(key);
        if (!set) {
          set = new Set();
          groups.set(key, set);
        }
        set.add(row.IPAddress);
      }
      return groups.size;
    },
  },
  {
    name: 'join 100,000 x 10,000 on a key',
    query:
      'SigninSample | join kind=inner Users on UserPrincipalName | project TimeGenerated, UserPrincipalName, Department',
    inputRows: 110_000,
    loop: () => {
      const index = new Map<unknown, Record<string, unknown>[]>();
      for (const u of users.rows) {
        const list = index.get(u.UserPrincipalName);
        if (list) list.push(u);
        else index.set(u.UserPrincipalName, [u]);
      }
      const out: unknown[][] = [];
      for (const row of joinLeft.rows)
        for (const u of index.get(row.UserPrincipalName) ?? [])
          out.push([row.TimeGenerated, row.UserPrincipalName, u.Department]);
      return out.length;
    },
  },
  {
    name: 'mv-expand of a parsed JSON column',
    query: 'SigninLogs | project UserPrincipalName, tags = Props.tags | mv-expand tags | summarize count()',
    inputRows: ROWS,
    answer: (r) => Number(r.rows[0][0]),
    loop: () => {
      let n = 0;
      for (const row of signins.rows) {
        const tags = (JSON.parse(row.Props as string) as { tags: unknown[] }).tags;
        for (const _t of tags) n++;
      }
      return n;
    },
  },
  {
    name: 'arg_max by key',
    query: 'SigninLogs | summarize arg_max(TimeGenerated, *) by UserPrincipalName',
    inputRows: ROWS,
    loop: () => {
      const best = new Map<unknown, Record<string, unknown>>();
      for (const row of signins.rows) {
        const cur = best.get(row.UserPrincipalName);
        if (!cur || (row.TimeGenerated as Date) > (cur.TimeGenerated as Date))
          best.set(row.UserPrincipalName, row);
      }
      return best.size;
    },
  },
];

console.log(
  `rows: ${ROWS.toLocaleString('en')}; load (convert to engine columns): ${loadMs.toFixed(0)} ms; heap for the rows and the engine's columns: ${Math.round((heapAfter - heapBefore) / 2 ** 20)} MiB${gc ? '' : ' (without --expose-gc: not collected first)'}`,
);
console.log(
  `${REPS} runs each, engine and loop alternating. Wall-clock ms, best (minimum) and median of the runs; on a shared machine noise only adds time, so the best run is the steadier figure. CPU: the process's CPU time (all threads, the garbage collector's too), median.`,
);
console.log(
  'query | analysis ms best/median | evaluation ms best/median | engine rows/s (best evaluation) | loop ms best/median | ratio evaluation (best, median) | ratio analysis+evaluation (best, median) | CPU ratio evaluation | result rows',
);
const only = process.env.BENCH_ONLY;
for (const c of cases.filter((x) => !only || only.split(',').some((o) => x.name.includes(o)))) {
  const analysis: number[] = [];
  const evaluation: number[] = [];
  const evaluationCpu: number[] = [];
  const loops: number[] = [];
  const loopsCpu: number[] = [];
  let resultRows = 0;
  for (let k = 0; k < REPS; k++) {
    gc?.();
    const e = run(c.query);
    analysis.push(e.analysisMs);
    evaluation.push(e.evaluationMs);
    evaluationCpu.push(e.evaluationCpuMs);
    gc?.();
    const loop = time(c.loop);
    loops.push(loop.ms);
    loopsCpu.push(loop.cpuMs);
    const got = c.answer ? c.answer(e.result) : e.result.rows.length;
    if (got !== loop.value) throw new Error(`${c.name}: engine answered ${got}, loop ${loop.value}`);
    resultRows = e.result.rows.length;
  }
  const a = median(analysis);
  const ev = median(evaluation);
  const l = median(loops);
  const aMin = Math.min(...analysis);
  const evMin = Math.min(...evaluation);
  const lMin = Math.min(...loops);
  const cpuRatio = median(evaluationCpu) / median(loopsCpu);
  const rate = Math.round((c.inputRows / evMin) * 1000);
  const f = (x: number) => x.toFixed(0);
  const r = (x: number) => `${x.toFixed(2)}x`;
  console.log(
    `${c.name} | ${f(aMin)} / ${f(a)} | ${f(evMin)} / ${f(ev)} | ${rate.toLocaleString('en')} | ${f(lMin)} / ${f(l)} | ${r(evMin / lMin)}, ${r(ev / l)} | ${r((aMin + evMin) / lMin)}, ${r((a + ev) / l)} | ${r(cpuRatio)} | ${resultRows}`,
  );
}
