// `npx tsx bench/run.ts calls` (or `npm run bench calls`, which builds first):
// call decisions in process (engine vs hand-written vs json-rules-engine) and
// over HTTP (the built edge vs a constant Hono worker, and a hand-written webhook
// doing only the required work, on one bare workerd).
// Prints one table; docs/performance.md ("Calls") says how to read it.
import { machine, stealMeter, table } from "../stats.ts";
import { measureDecisions } from "./decisions.ts";
import {
  CONNECTIONS,
  type HttpResults,
  measureHttp,
  PACED_SEC,
  RATE,
  SATURATE_SEC,
} from "./http.ts";
import type { LoadResult } from "./load.ts";

const decisions = await measureDecisions();
const httpSteal = stealMeter();
const http = await measureHttp();
const stolen = httpSteal();

const floor = decisions.find((d) => d.name.startsWith("hand-written"))?.perSecond ?? 1;
const micros = (ns: number) => `${(ns / 1e3).toFixed(2)} µs`;
const millis = (ns: number) => `${(ns / 1e6).toFixed(2)} ms`;
const rate = (n: number) => `${Math.round(n).toLocaleString("en-US")}/s`;

const rows: (string | number)[][] = decisions.map((d) => [
  `in-process: ${d.name}`,
  rate(d.perSecond),
  micros(d.latency.p50),
  micros(d.latency.p99),
  micros(d.latency.p999),
  0,
  `${(floor / d.perSecond).toFixed(2)}× hand-written time`,
]);

const httpRow = (label: string, r: LoadResult, note: string) => [
  label,
  rate(r.perSecond),
  millis(r.latency.p50),
  millis(r.latency.p99),
  millis(r.latency.p999),
  `${r.errors} of ${r.sent}`,
  note,
];
const { edge, constant, handwritten }: HttpResults = http;
/** Where a paced p99 comes from: stalls hold many requests at once. */
const stallNote = (r: LoadResult) =>
  r.stalls?.count
    ? `; ${r.stalls.count} stall${r.stalls.count > 1 ? "s" : ""} held ${r.stalls.requests} requests over 20 ms (worst ${millis(r.stalls.worst)})`
    : "; no stall over 20 ms";
const ofConstant = (r: LoadResult) =>
  `${((100 * r.perSecond) / constant.saturated.perSecond).toFixed(0)} % of constant`;
rows.push(
  httpRow(
    `HTTP edge, paced ${RATE}/s × ${PACED_SEC} s`,
    edge.paced,
    `target p99 < 10 ms, 0 errors${stallNote(edge.paced)}`,
  ),
  httpRow(
    `HTTP constant, paced ${RATE}/s × ${PACED_SEC} s`,
    constant.paced,
    `ceiling${stallNote(constant.paced)}`,
  ),
  httpRow(
    `HTTP hand-written webhook, paced ${RATE}/s × ${PACED_SEC} s`,
    handwritten.paced,
    `the required work alone${stallNote(handwritten.paced)}`,
  ),
  httpRow(
    `HTTP edge, saturated (${CONNECTIONS} conns × ${SATURATE_SEC} s)`,
    edge.saturated,
    `${ofConstant(edge.saturated)} (target ≥ 70 %)`,
  ),
  httpRow(
    `HTTP constant, saturated (${CONNECTIONS} conns × ${SATURATE_SEC} s)`,
    constant.saturated,
    "ceiling",
  ),
  httpRow(
    `HTTP hand-written webhook, saturated (${CONNECTIONS} conns × ${SATURATE_SEC} s)`,
    handwritten.saturated,
    `${ofConstant(handwritten.saturated)}: the required work alone, no framework`,
  ),
);

console.log(
  table(["measurement", "throughput", "p50", "p99", "p99.9", "errors", "vs baseline"], rows),
);
console.log(`\n${machine()}; during the HTTP runs, ${stolen}`);
const runs = { edge, constant, handwritten };
for (const [worker, phases] of Object.entries(runs)) {
  for (const [phase, r] of Object.entries(phases)) {
    if (r.firstError) console.log(`first error (${worker}, ${phase}): ${r.firstError}`);
  }
}
