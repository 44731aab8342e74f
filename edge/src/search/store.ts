/**
 * Marketplace search in the edge store (docs/marketplace.md, "KV keys"): one pointer per
 * country and category, `ranking/<CC>/<category>` = `{"bundle", "snapshot", "at"}`, names an
 * immutable Ranking bundle and an immutable snapshot (`bundle/<sha256>` both). A pair becomes a
 * SearchEngine once per isolate; engines are kept within a memory budget.
 */
import { SearchEngine } from "@switchboard/wasm";
import { z } from "zod";
import type { Budget } from "../budget.ts";
import { EngineCache } from "../bundle-store/engine-cache.ts";
import {
  fetchBundle,
  KvCache,
  loadBundle,
  POINTER_FRESH_MS,
  parseJson,
  sha256Hex,
} from "../bundle-store/index.ts";
import { Lru } from "../lru.ts";

const pointerSchema = z.object({
  bundle: sha256Hex,
  /** Absent until the control plane has built the category's first snapshot. */
  snapshot: sha256Hex.optional(),
  at: z.string().optional(),
});

export type RankingPointer = z.infer<typeof pointerSchema>;

const pointers = new KvCache(4096, POINTER_FRESH_MS, (key, raw) =>
  parseJson(key, raw, pointerSchema),
);

/**
 * The pointer of a country and category, or null when nothing is published for it. A warm
 * isolate answers from its copy and refreshes it in `background` once it is a second old: a
 * search may show the previous snapshot for that long, but never waits on KV (with thirty
 * categories, a read per pointer per second put KV in one search of fifty).
 */
export function readRankingPointer(
  kv: KVNamespace,
  country: string,
  category: string,
  budget: Budget,
  background: (work: Promise<unknown>) => void,
): Promise<RankingPointer | null> {
  const key = `ranking/${country}/${category}`;
  return pointers.readCachedFirst(kv, key, budget, background, (error) =>
    console.error(
      JSON.stringify({ msg: "ranking pointer not refreshed", key, error: String(error) }),
    ),
  );
}

/**
 * Engines hold their snapshot in WebAssembly memory: at most this much in total (an isolate
 * has 128 MB), though the engine in use always stays, however large. Each also keeps the texts
 * it has shown, decoded (ids, titles, media URLs: well under its snapshot's size again).
 */
const ENGINE_BYTES = 48 * 2 ** 20;
const engines = new EngineCache<SearchEngine>(ENGINE_BYTES, (engine) => engine.memoryBytes);
/** The pair that last answered for a country and category: the fallback when a newer fails. */
const lastGood = new Lru<string, string>(10_000);

export function pairKey(ranking: string, snapshot: string): string {
  return `${ranking}/${snapshot}`;
}

export function searchEngineFor(
  kv: KVNamespace,
  module: WebAssembly.Module,
  ranking: string,
  snapshot: string,
  budget: Budget,
): Promise<SearchEngine> {
  return engines.get(pairKey(ranking, snapshot), async () => {
    const [rankingBytes, snapshotBytes] = await Promise.all([
      fetchBundle(kv, ranking, budget),
      fetchBundle(kv, snapshot, budget),
    ]);
    return loadBundle(snapshot, () => SearchEngine.load(module, rankingBytes, snapshotBytes));
  });
}

/** Forgets an engine that failed: after a trap its instance refuses further use. */
export function discardSearchEngine(key: string): void {
  engines.delete(key);
}

export function rememberGoodSearch(market: string, key: string): void {
  lastGood.set(market, key);
}

/** The engine that last answered for `market` here, if it is still loaded. */
export function lastGoodSearch(market: string): { key: string; engine: SearchEngine } | null {
  const key = lastGood.get(market);
  const engine = key === undefined ? undefined : engines.peek(key);
  return key !== undefined && engine ? { key, engine } : null;
}
