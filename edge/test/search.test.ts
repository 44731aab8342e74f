import { env, exports } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import type { SearchEvent } from "../src/search/record.ts";
import { brokenKv, keptEvents, loggedEvents } from "./direct.ts";
import {
  newCategory,
  opening,
  pointMarket,
  publishMarket,
  type SearchBody,
  searchDirect,
  searchRequest,
  snapshotBytes,
} from "./market.ts";

const ad = (bidMinor: number, campaignId: string) => ({
  campaignId,
  bidMinor,
  quality: 1,
  pacing: 1,
});

async function searchOf(params: Record<string, string | number>) {
  const response = await exports.default.fetch(searchRequest(params));
  return { status: response.status, body: (await response.json()) as SearchBody, response };
}

describe("GET /v1/search", () => {
  it("ranks by the published Ranking, with the auction's winner in the sponsored slot", async () => {
    const market = await publishMarket([
      opening("anna", 4.8),
      opening("bo", 4.2, ad(300, "camp-bo")),
      opening("cecilia", 3.6, ad(250, "camp-cecilia")),
      opening("dan", 4.5),
    ]);
    const { status, body, response } = await searchOf({ category: market.category, q: "Roses" });
    expect(status).toBe(200);
    expect(body.results.map((r) => [r.position, r.opening, r.sponsored, r.score])).toEqual([
      [1, "bo", true, 0.84],
      [2, "anna", false, 0.96],
      [3, "dan", false, 0.9],
      [4, "cecilia", false, 0.72],
    ]);
    expect(body.results[0]).toMatchObject({
      provider: "provider-bo",
      title: "Flowers by bo",
      priceMinor: 45_000,
      currency: "SEK",
      mediaUrl: "https://media.example/bo.jpg",
      token: expect.stringMatching(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/),
    });
    expect(body.results[0]?.distanceKm).toBeCloseTo(1.11, 2);
    expect(body.meta).toEqual({
      queryId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      snapshot: market.snapshot,
      ranking: market.ranking,
      region: "LOCAL",
      matched: 4,
      searchUs: expect.any(Number),
      fallback: false,
    });
    expect(response.headers.get("server-timing")).toMatch(/kv;dur=.*load;dur=.*rank;dur=/);
  });

  it("limits the results and needs every word of q", async () => {
    const market = await publishMarket([opening("anna", 4.8), opening("dan", 4.5)]);
    const top = await searchOf({ category: market.category, limit: 1 });
    expect(top.body.results.map((r) => r.opening)).toEqual(["anna"]);
    const none = await searchOf({ category: market.category, q: "roses orchids" });
    expect(none.body.results).toEqual([]);
    expect(none.body.meta).toMatchObject({ matched: 0, fallback: false });
  });

  it("answers an unknown category with no results and a reason", async () => {
    const { status, body } = await searchOf({ category: newCategory() });
    expect(status).toBe(200);
    expect(body).toEqual({
      results: [],
      meta: expect.objectContaining({ fallback: false, reason: "unknown_market", snapshot: null }),
    });
    const category = newCategory();
    const { ranking } = await publishMarket([opening("anna", 4)]);
    await pointMarket(category, ranking);
    expect((await searchOf({ category })).body.meta).toMatchObject({
      reason: "no_snapshot",
      fallback: false,
    });
  });

  it("refuses bad parameters with 400, naming each", async () => {
    const response = await exports.default.fetch(
      "http://edge.test/v1/search?country=Sweden&category=Florist&lat=95&lon=east&limit=0",
    );
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as {
      error: { code: string; message: string; issues: { path: string; message: string }[] };
    };
    expect(error.code).toBe("invalid_query");
    expect(error.message).toBe("Invalid search: check country, category, lat, lon, limit.");
    expect(error.issues).toEqual([
      { path: "country", message: "country must be an ISO 3166-1 alpha-2 code like SE" },
      {
        path: "category",
        message: "category must be lowercase letters, digits, '_' or '-', like florist",
      },
      { path: "lat", message: "lat must be from -90 to 90" },
      { path: "lon", message: "lon must be a decimal number from -180 to 180" },
      { path: "limit", message: "limit must be from 1 to 50" },
    ]);
    const missing = await searchOf({ category: "florist", q: "a b c d e f g h i", lat: "" });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({
      error: {
        issues: [
          { path: "lat", message: "lat must be a decimal number from -90 to 90" },
          { path: "q", message: "q must have at most 8 different words" },
        ],
      },
    });
  });
});

describe("impressions", () => {
  it("leaves one market.search event listing every result, and a log line counting them", async () => {
    const market = await publishMarket([
      opening("anna", 4.8),
      opening("bo", 4.2, ad(300, "camp-bo")),
    ]);
    const events = keptEvents();
    const log = vi.spyOn(console, "log");
    try {
      const { body } = await searchDirect({ category: market.category }, { EVENTS: events.queue });
      expect(events.sent).toHaveLength(1);
      const event = events.sent[0] as SearchEvent;
      expect(event).toEqual({
        type: "market.search",
        id: body.meta.queryId,
        ts: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        region: "LOCAL",
        country: "SE",
        category: market.category,
        queryId: body.meta.queryId,
        results: [
          {
            opening: "bo",
            provider: "provider-bo",
            campaign: "camp-bo",
            position: 1,
            sponsored: true,
            cpcMinor: 100,
          },
          {
            opening: "anna",
            provider: "provider-anna",
            campaign: null,
            position: 2,
            sponsored: false,
            cpcMinor: 0,
          },
        ],
        matched: 2,
        snapshot: market.snapshot,
        ranking: market.ranking,
        searchUs: expect.any(Number),
        fallback: false,
        reason: null,
      });
      const { results, ...summary } = event;
      expect(loggedEvents(log.mock.calls, events.sent)).toEqual([
        { ...summary, shown: results.length },
      ]);
    } finally {
      log.mockRestore();
    }
  });
});

describe("faults", () => {
  it("answers an unreadable KV with no results and a reason, never a 5xx", async () => {
    const category = newCategory();
    for (const mode of ["throws", "stalls"] as const) {
      const { status, body } = await searchDirect(
        { category },
        { EDGE_KV: brokenKv(env.EDGE_KV, mode) },
      );
      expect(status).toBe(200);
      expect(body.results).toEqual([]);
      expect(body.meta).toMatchObject({ fallback: true, reason: "kv_unavailable" });
    }
  });

  it("answers from the last good snapshot when a new one is corrupt or missing", async () => {
    const market = await publishMarket([opening("anna", 4.8), opening("dan", 4.5)]);
    expect((await searchOf({ category: market.category })).body.results).toHaveLength(2);

    // A snapshot the engine refuses, stored under its true hash: only the engine can tell.
    const { bytes, hash } = snapshotBytes(market.category, [opening("eve", 5)]);
    const truncated = bytes.subarray(0, bytes.length - 8);
    const { sha256Hex } = await import("@switchboard/rules-compiler");
    const badHash = sha256Hex(truncated);
    await env.EDGE_KV.put(`bundle/${badHash}`, truncated);
    await pointMarket(market.category, market.ranking, badHash);
    await vi.waitFor(
      async () => {
        const { body } = await searchOf({ category: market.category });
        expect(body.meta).toMatchObject({
          snapshot: market.snapshot,
          fallback: true,
          reason: "bundle_corrupt",
        });
        expect(body.results.map((r) => r.opening)).toEqual(["anna", "dan"]);
      },
      { timeout: 3_000, interval: 250 },
    );

    await pointMarket(market.category, market.ranking, hash); // never stored
    await vi.waitFor(
      async () => {
        const { body } = await searchOf({ category: market.category });
        expect(body.meta).toMatchObject({ fallback: true, reason: "bundle_missing" });
        expect(body.results.map((r) => r.opening)).toEqual(["anna", "dan"]);
      },
      { timeout: 3_000, interval: 250 },
    );
  });

  it("answers a corrupt snapshot with nothing when no older one worked here", async () => {
    const category = newCategory();
    const market = await publishMarket([opening("anna", 4)], category);
    const { hash } = snapshotBytes(category, [opening("bo", 4)]);
    await env.EDGE_KV.put(`bundle/${hash}`, new Uint8Array([1, 2, 3, 4]));
    const other = newCategory();
    await pointMarket(other, market.ranking, hash);
    const { status, body } = await searchOf({ category: other });
    expect(status).toBe(200);
    expect(body).toMatchObject({ results: [], meta: { fallback: true, reason: "bundle_corrupt" } });
  });

  it("answers an unreadable pointer with nothing and says so", async () => {
    const category = newCategory();
    await env.EDGE_KV.put(`ranking/SE/${category}`, "{not json");
    const { body } = await searchOf({ category });
    expect(body.meta).toMatchObject({ fallback: true, reason: "pointer_invalid" });
  });
});
