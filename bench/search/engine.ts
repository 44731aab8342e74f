// The engine as the edge runs it: one snapshot per category (encoded by the real encoder)
// with the bench Ranking, each in its own SearchEngine; plus one snapshot of all 50,000
// openings, the worst case a single category could reach.
import { encodeSnapshot } from "@switchboard/rules-compiler";
import { SearchEngine } from "@switchboard/wasm";
import type { Marketplace } from "./generate.ts";

export interface Snapshot {
  category: string;
  bytes: Uint8Array;
  hash: string;
  encodeMs: number;
}

export function snapshotsOf(market: Marketplace, createdAt: Date, whole = false): Snapshot[] {
  const groups = new Map<string, Marketplace["openings"]>();
  for (const o of market.openings) {
    const key = whole ? "all" : o.category;
    const group = groups.get(key);
    if (group) group.push(o);
    else groups.set(key, [o]);
  }
  return [...groups]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([category, openings]) => {
      const started = performance.now();
      const { bytes, hash } = encodeSnapshot({
        country: "SE",
        category,
        currency: "SEK",
        createdAt: createdAt.toISOString(),
        openings: openings.map(({ category: _, ...o }) => o),
      });
      return { category, bytes, hash, encodeMs: performance.now() - started };
    });
}

/** Engines by category; loading each is timed. */
export function enginesOf(
  module: WebAssembly.Module,
  ranking: Uint8Array,
  snapshots: Snapshot[],
): { engines: Map<string, SearchEngine>; loadMs: Map<string, number> } {
  const engines = new Map<string, SearchEngine>();
  const loadMs = new Map<string, number>();
  for (const s of snapshots) {
    const started = performance.now();
    engines.set(s.category, SearchEngine.load(module, ranking, s.bytes));
    loadMs.set(s.category, performance.now() - started);
  }
  return { engines, loadMs };
}
