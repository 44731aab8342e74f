/**
 * One search: the market's pointer names a Ranking and a snapshot, their engine ranks. Faults
 * (KV down or slow, a corrupt bundle or snapshot, an engine trap) answer from the last pair that
 * worked here, or with no results: never a 5xx. docs/marketplace.md, "Search".
 */
import { EngineError, type SearchEngine, type SearchResult } from "@switchboard/wasm";
import type { Budget } from "../budget.ts";
import { StoreFault } from "../bundle-store/index.ts";
import type { SearchParams } from "./query.ts";
import {
  discardSearchEngine,
  lastGoodSearch,
  pairKey,
  readRankingPointer,
  rememberGoodSearch,
  searchEngineFor,
} from "./store.ts";

/** Why a search has no results of its own, or answered from an older snapshot; `meta.reason`. */
export type SearchReason =
  | "unknown_market"
  | "no_snapshot"
  | "kv_unavailable"
  | "pointer_invalid"
  | "bundle_missing"
  | "bundle_corrupt"
  | "engine_error"
  | "tracking_unavailable"
  | "internal_error";

export interface Ranked {
  results: SearchResult[];
  matched: number;
  currency: string | null;
  snapshot: string | null;
  ranking: string | null;
  searchUs: number;
  fallback: boolean;
  reason?: SearchReason;
}

export interface SearchContext {
  kv: KVNamespace;
  module: WebAssembly.Module;
  budget: Budget;
  /** Keeps work going after the answer (`waitUntil`): pointer refreshes. */
  background(work: Promise<unknown>): void;
  /** Reports how long a phase took, for Server-Timing. */
  timing(name: "kv" | "load" | "rank", ms: number): void;
}

export async function runSearch(
  ctx: SearchContext,
  params: SearchParams,
  at: Date,
): Promise<Ranked> {
  const market = `${params.country}/${params.category}`;
  let failed: string | null = null;
  try {
    const started = performance.now();
    const pointer = await readRankingPointer(
      ctx.kv,
      params.country,
      params.category,
      ctx.budget,
      ctx.background,
    );
    ctx.timing("kv", performance.now() - started);
    if (!pointer) return nothing("unknown_market", false);
    if (!pointer.snapshot) return nothing("no_snapshot", false);
    failed = pairKey(pointer.bundle, pointer.snapshot);
    const loadStarted = performance.now();
    const engine = await searchEngineFor(
      ctx.kv,
      ctx.module,
      pointer.bundle,
      pointer.snapshot,
      ctx.budget,
    );
    ctx.timing("load", performance.now() - loadStarted);
    const ranked = rankOn(ctx, engine, failed, params, at);
    rememberGoodSearch(market, failed);
    return ranked;
  } catch (error) {
    if (error instanceof EngineError && failed) discardSearchEngine(failed);
    const reason: SearchReason =
      error instanceof StoreFault
        ? error.reason
        : error instanceof EngineError
          ? "engine_error"
          : "internal_error";
    console.error(JSON.stringify({ msg: "search fault", market, reason, error: String(error) }));
    const last = lastGoodSearch(market);
    if (last && last.key !== failed) {
      try {
        return { ...rankOn(ctx, last.engine, last.key, params, at), fallback: true, reason };
      } catch (again) {
        if (again instanceof EngineError) discardSearchEngine(last.key);
      }
    }
    return nothing(reason, true);
  }
}

function rankOn(
  ctx: SearchContext,
  engine: SearchEngine,
  key: string,
  params: SearchParams,
  at: Date,
): Ranked {
  const started = performance.now();
  const answer = engine.search({
    lat: params.lat,
    lon: params.lon,
    q: params.q,
    limit: params.limit,
    at,
  });
  const ms = performance.now() - started;
  ctx.timing("rank", ms);
  const [ranking = null, snapshot = null] = key.split("/");
  return {
    results: answer.results,
    matched: answer.matched,
    currency: engine.snapshot.currency,
    snapshot,
    ranking,
    searchUs: Math.round(ms * 1000),
    fallback: false,
  };
}

function nothing(reason: SearchReason, fallback: boolean): Ranked {
  return {
    results: [],
    matched: 0,
    currency: null,
    snapshot: null,
    ranking: null,
    searchUs: 0,
    fallback,
    reason,
  };
}
