// Timing searches one at a time, split by the kind of word searched. On a shared machine a
// search is sometimes descheduled for a whole time slice (milliseconds), which is the
// machine's, not the engine's; so besides every sample (`raw`) each search is repeated and
// its fastest run kept (`best`): its percentiles are the engine's own spread over queries;
// and the process's CPU time per search, which a busy machine moves far less than the clock.
import { type Summary, summarize } from "../stats.ts";
import type { Query, TermKind } from "./queries.ts";

export type Latencies = Record<TermKind, Summary>;

export interface Timings {
  raw: Latencies;
  best: Latencies;
  /** Mean CPU time of the process per search (user + system, GC threads included), in ns. */
  cpuPerSearch: number;
}

/** Runs every query once to warm up, then `rounds` times timed (ns per search). */
export async function timeSearches(
  queries: Query[],
  run: (query: Query) => unknown,
  rounds = 3,
): Promise<Timings> {
  const raw: Record<TermKind, number[]> = { common: [], rare: [] };
  const best = new Float64Array(queries.length).fill(Number.POSITIVE_INFINITY);
  for (const query of queries) {
    // Awaited only when it is a promise: an await costs a synchronous engine a microtask.
    const result = run(query);
    if (result instanceof Promise) await result;
  }
  const cpu = process.cpuUsage();
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < queries.length; i++) {
      const query = queries[i] as Query;
      const started = process.hrtime.bigint();
      const result = run(query);
      if (result instanceof Promise) await result;
      const ns = Number(process.hrtime.bigint() - started);
      raw[query.kind].push(ns);
      if (ns < (best[i] as number)) best[i] = ns;
    }
  }
  const used = process.cpuUsage(cpu);
  const cpuPerSearch = ((used.user + used.system) * 1000) / (rounds * queries.length);
  const bestOf = (kind: TermKind) =>
    summarize(queries.flatMap((q, i) => (q.kind === kind ? [best[i] as number] : [])));
  return {
    raw: { common: summarize(raw.common), rare: summarize(raw.rare) },
    best: { common: bestOf("common"), rare: bestOf("rare") },
    cpuPerSearch,
  };
}
