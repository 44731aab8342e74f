// `npm run bench search`: marketplace search over 50,000 openings of one country. In
// process: the engine (SearchEngine.search, marshalling included) against a hand-written
// typed-array scan (the floor), Orama and a Postgres query computing the same score; the
// snapshot's size and load time; HTTP on bare workerd at a paced 500 req/s. Refuses to
// measure unless the engines agree. docs/performance.md ("Search") says how to read it.
import { execSync } from "node:child_process";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { loadEngineModule, type SearchEngine } from "@switchboard/wasm/node";
import { machine, stealMeter, table } from "../stats.ts";
import { disagreement, setDisagreement } from "./agree.ts";
import { enginesOf, snapshotsOf } from "./engine.ts";
import { generateMarketplace, haversineKm, NOW } from "./generate.ts";
import { measureHttp, PACED_SEC, RATE } from "./http.ts";
import { type Timings, timeSearches } from "./measure.ts";
import { oramaIndex, oramaMatches, oramaSearch } from "./orama.ts";
import { postgresSearch } from "./postgres.ts";
import { type Query, searches } from "./queries.ts";
import { RANKING, rankingBundle } from "./ranking.ts";
import { TypedArrayScan } from "./scan.ts";

const OPENINGS = 50_000;
const QUERIES = Number(process.env.BENCH_SEARCH_QUERIES ?? 1000); // of each kind
const SLOW_QUERIES = Number(process.env.BENCH_SEARCH_SLOW_QUERIES ?? 150); // Orama, Postgres
const ROUNDS = 3;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
const loadAverage = () =>
  execSync("uptime")
    .toString()
    .trim()
    .replace(/.*load average:\s*/, "");
const fail = (message: string): never => {
  console.log(`refusing to measure: ${message}`);
  process.exit(1);
};
console.log(`${machine()}; load average at start ${loadAverage()} (a shared machine)\n`);
const steal = stealMeter();

const market = generateMarketplace(OPENINGS);
const queries = searches(market, QUERIES);
const slow = queries.slice(0, SLOW_QUERIES * 2);
const ranking = rankingBundle();
const module = await loadEngineModule();
const perCategory = snapshotsOf(market, NOW);
const [whole] = snapshotsOf(market, NOW, true);
if (!whole) throw new Error("no snapshot");
const { engines } = enginesOf(module, ranking.bundle, perCategory);
const wholeEngine = enginesOf(module, ranking.bundle, [whole]).engines.get("all") as SearchEngine;
const loadTimes = Array.from({ length: 9 }, () => {
  const started = performance.now();
  enginesOf(module, ranking.bundle, [whole]);
  return performance.now() - started;
}).sort((a, b) => a - b);

const scan = new TypedArrayScan(market, NOW);
for (const q of queries) scan.prepare(q.q);
const scenarios = {
  category: {
    engine: (q: Query) => (engines.get(q.category) as SearchEngine).search({ ...q, at: NOW }),
    category: (q: Query): string | null => q.category,
  },
  whole: {
    engine: (q: Query) => wholeEngine.search({ ...q, at: NOW }),
    category: (_: Query): string | null => null,
  },
};

// Refuse to measure unless the engine and the floor give the same answers, every query.
for (const [name, s] of Object.entries(scenarios)) {
  for (const q of queries) {
    const engine = s.engine(q);
    const floor = scan.search(q, s.category(q), NOW);
    const differs =
      engine.matched !== floor.matched
        ? `matched ${engine.matched} against ${floor.matched}`
        : disagreement(engine.results, floor.results);
    if (differs) fail(`engine and scan (${name}) differ on ${JSON.stringify(q)}: ${differs}`);
  }
}

// Orama: the same matches, every word whole, within 10 km.
gc();
const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();
const orama = await oramaIndex(market);
const oramaBuildMs = performance.now() - started;
gc();
const oramaHeap = process.memoryUsage().heapUsed - heapBefore;
// Orama's Earth is 6371 km, ours 6371.0088 km: 1.4 cm apart at 10 km.
const byId = new Map(market.openings.map((o) => [o.id, o]));
const onTheEdge = (q: Query) => (id: string) => {
  const o = byId.get(id);
  return o !== undefined && Math.abs(haversineKm(q, o) - RANKING.maxDistanceKm) < 0.00002;
};
for (const [name, s] of Object.entries(scenarios)) {
  for (const q of slow) {
    const all = new Set<string>();
    scan.search(q, s.category(q), NOW, { all });
    const differs = setDisagreement(await oramaMatches(orama, q, s.category(q)), all, onTheEdge(q));
    if (differs)
      fail(`Orama and the scan (${name}) match differently on ${JSON.stringify(q)}: ${differs}`);
  }
}

// Postgres: the same organic top 20.
const postgres = await postgresSearch(market);
if ("search" in postgres) {
  for (const [name, s] of Object.entries(scenarios)) {
    for (const q of slow) {
      const organic = scan.search(q, s.category(q), NOW, { ads: false }).results;
      const differs = disagreement(await postgres.search(q, s.category(q), NOW), organic);
      if (differs)
        fail(`Postgres and the scan (${name}) differ on ${JSON.stringify(q)}: ${differs}`);
    }
  }
}

const rows: (string | number)[][] = [];
const ms = (ns: number) => (ns / 1e6).toFixed(3);
const ratio = (a: Timings, b: Timings) =>
  `${(a.raw.common.p50 / b.raw.common.p50).toFixed(2)}× / ${(a.raw.rare.p50 / b.raw.rare.p50).toFixed(2)}×`;
const row = (label: string, t: Timings, floor: Timings, engine: Timings, note = "") =>
  rows.push([
    label,
    ms(t.raw.common.p50),
    `${ms(t.raw.common.p99)} (${ms(t.best.common.p99)})`,
    ms(t.raw.rare.p50),
    `${ms(t.raw.rare.p99)} (${ms(t.best.rare.p99)})`,
    (t.cpuPerSearch / 1e6).toFixed(3),
    ratio(t, floor),
    ratio(t, engine),
    note,
  ]);

let pgExecution = "";
for (const [name, s] of Object.entries(scenarios)) {
  const label =
    name === "category"
      ? "category + 10 km + word, top 20"
      : `word + 10 km, top 20, all ${OPENINGS.toLocaleString("en-US")} as one category`;
  const floor = await timeSearches(queries, (q) => scan.search(q, s.category(q), NOW), ROUNDS);
  const engine = await timeSearches(queries, s.engine, ROUNDS);
  row(
    `${label}: engine${name === "category" ? " (a snapshot per category, as deployed)" : " (one 50k snapshot)"}`,
    engine,
    floor,
    engine,
    "target p99 ≤ 1 ms",
  );
  row(`${label}: typed-array scan (floor)`, floor, floor, engine);
  const oramaTimes = await timeSearches(slow, (q) => oramaSearch(orama, q, s.category(q)), 1);
  row(`${label}: Orama`, oramaTimes, floor, engine, `${SLOW_QUERIES} of each`);
  if ("search" in postgres) {
    const pg = await timeSearches(slow, (q) => postgres.search(q, s.category(q), NOW), 1);
    row(`${label}: Postgres`, pg, floor, engine, `${SLOW_QUERIES} of each, round trip`);
    const execution: number[] = [];
    for (const q of slow.slice(0, 40))
      execution.push(await postgres.executionMs(q, s.category(q), NOW));
    execution.sort((a, b) => a - b);
    pgExecution += `${name === "category" ? "per category" : "all as one"}: p50 ${execution[20]?.toFixed(3)} ms; `;
  }
}
if ("search" in postgres) await postgres.close();

console.log(
  table(
    [
      "in process (ms)",
      "common p50",
      "common p99 (best of 3)",
      "rare p50",
      "rare p99 (best of 3)",
      "cpu ms/search",
      "p50 vs floor (common / rare)",
      "p50 vs engine",
      "note",
    ],
    rows,
  ),
);

const http = await measureHttp(ranking, perCategory, queries);
const millis = (ns: number) => `${(ns / 1e6).toFixed(2)} ms`;
console.log(
  `\n${table(
    ["HTTP, paced", "sent", "errors", "p50", "p99", "p99.9", "note"],
    [
      [
        `edge, ${RATE}/s × ${PACED_SEC} s`,
        http.edge.sent,
        http.edge.errors,
        millis(http.edge.latency.p50),
        millis(http.edge.latency.p99),
        millis(http.edge.latency.p999),
        "target p99 < 5 ms",
      ],
      [
        `constant worker, ${RATE}/s × ${PACED_SEC} s`,
        http.constant.sent,
        http.constant.errors,
        millis(http.constant.latency.p50),
        millis(http.constant.latency.p99),
        millis(http.constant.latency.p999),
        "ceiling",
      ],
    ],
  )}`,
);
for (const [who, r] of Object.entries(http)) {
  if (r.firstError) console.log(`first error (${who}): ${r.firstError}`);
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
const sizes = perCategory.map((s) => s.bytes.length).sort((a, b) => b - a);
console.log(`
snapshot of all ${OPENINGS.toLocaleString("en-US")} openings: ${mb(whole.bytes.length)} (target ≤ 8 MB); load (copy, checks, derived data) p50 ${loadTimes[4]?.toFixed(1)} ms, worst of 9 ${loadTimes[8]?.toFixed(1)} ms (target < 50 ms); engine memory ${mb(wholeEngine.memoryBytes)}; encoded in ${(whole.encodeMs / 1000).toFixed(1)} s
snapshots per category: ${perCategory.length}, largest ${mb(sizes[0] ?? 0)}, all together ${mb(sizes.reduce((a, b) => a + b, 0))}
Orama: index built in ${(oramaBuildMs / 1000).toFixed(1)} s, ${mb(oramaHeap)} of heap
${"search" in postgres ? `${postgres.server}; execution inside Postgres (EXPLAIN ANALYZE, 40 searches) ${pgExecution}` : `Postgres row skipped: ${postgres.skipped}`}
engines agreed on all ${queries.length} searches (both layouts); Orama matched the same openings and Postgres ranked the same top 20 on ${slow.length}
load average at end ${loadAverage()}; over the whole run, ${steal()}`);
