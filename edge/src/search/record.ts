/**
 * Every search leaves one `market.search` event (its results are the impressions) on the
 * EVENTS queue and one log line: the event with its results counted, not listed (twenty
 * impressions made the line ~4.5 KB, a tenth of a search's CPU with the queue's copy).
 * Schema: docs/marketplace.md, "Events".
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

/** The log line of a search: the event with `shown` (how many results) in place of `results`. */
export function searchLogLine(event: SearchEvent): string {
  const { results, ...summary } = event;
  return JSON.stringify({ ...summary, shown: results.length });
}
