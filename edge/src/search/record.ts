/**
 * Every search leaves one `market.search` event (its results are the impressions) on the
 * EVENTS queue and the same JSON as a log line. Schema: docs/marketplace.md, "Events".
 */
import type { SearchResult } from "@switchboard/wasm";
import type { SearchParams } from "./query.ts";
import type { Ranked } from "./run.ts";

export interface SearchEvent {
  type: "market.search";
  /** The query id: unique per search, the consumer's idempotency key. */
  id: string;
  ts: string;
  region: string;
  country: string;
  category: string;
  queryId: string;
  /** One impression each. */
  results: Impression[];
  matched: number;
  snapshot: string | null;
  ranking: string | null;
  searchUs: number;
  fallback: boolean;
  reason: string | null;
}

export interface Impression {
  opening: string;
  provider: string;
  campaign: string | null;
  position: number;
  sponsored: boolean;
  cpcMinor: number;
}

export function searchEvent(
  queryId: string,
  at: Date,
  region: string,
  params: SearchParams,
  ranked: Ranked,
): SearchEvent {
  return {
    type: "market.search",
    id: queryId,
    ts: at.toISOString(),
    region,
    country: params.country,
    category: params.category,
    queryId,
    results: ranked.results.map(impression),
    matched: ranked.matched,
    snapshot: ranked.snapshot,
    ranking: ranked.ranking,
    searchUs: ranked.searchUs,
    fallback: ranked.fallback,
    reason: ranked.reason ?? null,
  };
}

function impression(r: SearchResult): Impression {
  return {
    opening: r.opening,
    provider: r.provider,
    campaign: r.campaign,
    position: r.position,
    sponsored: r.sponsored,
    cpcMinor: r.cpcMinor,
  };
}
