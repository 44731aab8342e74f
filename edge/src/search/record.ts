/**
 * Every search leaves one `market.search` event (its results are the impressions) on the
 * EVENTS queue and the same JSON as a log line. Schema: docs/marketplace.md, "Events".
 */
import { type Shown, shownOf } from "../tracking/token.ts";
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
  results: Shown[];
  matched: number;
  snapshot: string | null;
  ranking: string | null;
  searchUs: number;
  fallback: boolean;
  reason: string | null;
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
    results: ranked.results.map(shownOf),
    matched: ranked.matched,
    snapshot: ranked.snapshot,
    ranking: ranked.ranking,
    searchUs: ranked.searchUs,
    fallback: ranked.fallback,
    reason: ranked.reason ?? null,
  };
}
