/** `GET /v1/search`: marketplace search at the edge (SPEC §7, docs/marketplace.md "Search"). */
import { engineModule } from "@switchboard/wasm/worker";
import { Hono } from "hono";
import { Budget } from "../budget.ts";
import { recordEvent } from "../record-event.ts";
import { regionOf } from "../region.ts";
import { addMetric } from "../server-timing/index.ts";
import { shownOf, signTracking } from "../tracking/token.ts";
import { parseSearch } from "./query.ts";
import { searchEvent, searchLogLine } from "./record.ts";
import { type Ranked, runSearch } from "./run.ts";

/** All storage waits of one search: a slow KV turns into a fallback answer, not a stall. */
const SEARCH_BUDGET_MS = 450;
const KV_READ_MS = 300;

export const search = new Hono<{ Bindings: Env }>();

// Whatever fails after the query was understood, a searcher gets an empty page, not a 5xx.
search.onError((error, c) => {
  console.error(JSON.stringify({ msg: "search route failed", error: String(error) }));
  return c.json({
    results: [],
    meta: {
      queryId: null,
      snapshot: null,
      ranking: null,
      region: regionOf(c.req.raw, c.env),
      matched: 0,
      searchUs: 0,
      fallback: true,
      reason: "internal_error",
    },
  });
});

search.get("/", async (c) => {
  const parsed = parseSearch(c.req.query());
  if (!parsed.ok) {
    return c.json(
      { error: { code: "invalid_query", message: parsed.message, issues: parsed.issues } },
      400,
    );
  }
  const params = parsed.params;
  const at = new Date();
  const queryId = crypto.randomUUID();
  const region = regionOf(c.req.raw, c.env);
  let ranked: Ranked = await runSearch(
    {
      kv: c.env.EDGE_KV,
      module: engineModule,
      budget: new Budget(SEARCH_BUDGET_MS, KV_READ_MS),
      background: (work) => c.executionCtx.waitUntil(work),
      timing: (name, ms) => addMetric(c, name, ms),
    },
    params,
    at,
  );
  // Results nobody could click for want of a signing secret are not shown (readyz says why).
  const secret = c.env.TRACKING_SECRET;
  if (!secret && ranked.results.length > 0) {
    ranked = { ...ranked, results: [], fallback: true, reason: "tracking_unavailable" };
    console.error(JSON.stringify({ msg: "TRACKING_SECRET is not set: search answers nothing" }));
  }
  const issuedAt = Math.floor(at.getTime() / 1000);
  const results = ranked.results.map((r) => ({
    opening: r.opening,
    provider: r.provider,
    title: r.title,
    priceMinor: r.priceMinor,
    currency: ranked.currency,
    mediaUrl: r.mediaUrl,
    distanceKm: r.distanceKm,
    position: r.position,
    sponsored: r.sponsored,
    score: r.score,
    token: signTracking(secret, {
      ...shownOf(r),
      queryId,
      country: params.country,
      category: params.category,
      issuedAt,
    }),
  }));
  const event = searchEvent(queryId, at, region, params, ranked);
  recordEvent(c.env.EVENTS, (work) => c.executionCtx.waitUntil(work), event, searchLogLine(event));
  return c.json({
    results,
    meta: {
      queryId,
      snapshot: ranked.snapshot,
      ranking: ranked.ranking,
      region,
      matched: ranked.matched,
      searchUs: ranked.searchUs,
      fallback: ranked.fallback,
      ...(ranked.reason ? { reason: ranked.reason } : {}),
    },
  });
});
