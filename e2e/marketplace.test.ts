// A florist, as a provider, creates an opening, publishes it, funds a campaign and watches it
// rise into a sponsored slot of the edge's search; a shopper clicks and sends a request; the
// provider sees impressions, clicks, requests and spend in the reports, and spend stops at the
// budget. Everything is real: the built edge on workerd (search, tracking tokens, the EVENTS
// queue, forwarded to the control plane), the control plane on PGlite, the engine.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, type Stack, startStack } from "../local/stack.ts";
import { type SearchAnswer, searchFlorists, track as trackAt } from "./shopper.ts";

const carrier = { id: "e2e-carrier", secret: "e2e-carrier-secret" };
const rule = (path: string) => readFileSync(join(repoRoot, path), "utf8");

let stack: Stack;
let operator: string;

beforeAll(async () => {
  stack = await startStack({
    edgePort: 0,
    controlPort: 0,
    carrier,
    jwtSecret: "e2e-jwt-secret",
    stateSecret: "e2e-state-secret",
    trackingSecret: "e2e-tracking-secret",
  });
  operator = stack.operatorToken;
});
afterAll(() => stack?.close());

// biome-ignore lint/suspicious/noExplicitAny: the test reads answers as JSON
async function api(method: string, path: string, token: string, body?: unknown): Promise<any> {
  const yaml = typeof body === "string";
  const res = await fetch(new URL(path, stack.controlUrl), {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined
        ? {}
        : { "content-type": yaml ? "application/yaml" : "application/json" }),
    },
    body: body === undefined ? undefined : yaml ? body : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const seen = new Map<string, number>(); // impressions of each opening in every answer we got
async function search(q = "roses"): Promise<SearchAnswer> {
  const answer = await searchFlorists(stack, q);
  for (const r of answer.results) seen.set(r.opening, (seen.get(r.opening) ?? 0) + 1);
  return answer;
}

/** Searches until the edge serves `snapshot` (it re-reads a pointer within a second). */
async function searchOn(snapshot: string): Promise<SearchAnswer> {
  for (let i = 0; i < 100; i++) {
    const answer = await search();
    if (answer.meta.snapshot === snapshot) return answer;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the edge never served snapshot ${snapshot}`);
}

const track = (body: Record<string, unknown>) => trackAt(stack, body);

/** Polls until `check` passes: events reach the control plane through the queue. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 150; i++) {
    last = await read();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`still not there: ${JSON.stringify(last)}`);
}

describe("a florist advertises in the marketplace and is found at the edge", () => {
  let florist: string; // the provider's access token
  let opening: string;
  let campaign: string;
  const tokens: string[] = [];

  it("an operator enables Sweden, the florist category and its Ranking", async () => {
    await api("PUT", "/v1/countries/SE", operator, rule("rules/countries/se.yaml"));
    await api("POST", "/v1/countries/SE/publish", operator, {});
    await api("PUT", "/v1/categories/florist", operator, { name: "Florists" });
    await api(
      "PUT",
      "/v1/rulesets/marketplace/se-florist",
      operator,
      rule("rules/ranking/se-florist.yaml"),
    );
    const ranking = await api("POST", "/v1/rulesets/marketplace/se-florist/publish", operator, {});
    expect(ranking.search).toEqual([
      expect.objectContaining({ searchable: true, pointer: "ranking/SE/florist" }),
    ]);

    // A competitor right next to the shopper.
    await api("PUT", "/v1/providers/rosendal", operator, {
      name: "Rosendal",
      country: "SE",
      rating: 4.9,
      responseRate: 0.98,
    });
    for (const [title, lon] of [
      ["Roses by the dozen", 18.066],
      ["Red roses, wrapped", 18.064],
    ] as const) {
      const made = await api("POST", "/v1/providers/rosendal/openings", operator, {
        category: "florist",
        title,
        description: "Fresh roses from our own greenhouse, bound while you wait.",
        lat: 59.333,
        lon,
        radiusKm: 10,
        priceMinor: 30_000,
        mediaUrl: null,
      });
      await api("POST", `/v1/providers/rosendal/openings/${made.id}/publish`, operator);
    }
    // The florist's login, as an operator onboards a provider.
    await api("POST", "/v1/users", operator, {
      email: "shop@bloom.test",
      password: "bloom-shop-password",
      role: "provider",
      tenant: "bloom",
    });
    const res = await fetch(new URL("/v1/auth/login", stack.controlUrl), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "shop@bloom.test", password: "bloom-shop-password" }),
    });
    florist = ((await res.json()) as { accessToken: string }).accessToken;
    expect(florist).toBeTruthy();
  });

  it("the florist creates and publishes an opening: searchable, but below the competitor", async () => {
    const me = await api("PUT", "/v1/providers/bloom", florist, { name: "Bloom", country: "SE" });
    expect(me).toMatchObject({ currency: "SEK", enabled: true });
    const draft = await api("POST", "/v1/providers/bloom/openings", florist, {
      category: "florist",
      title: "Red roses bouquet",
      description: "Twenty red roses, hand-tied, delivered across Stockholm within two hours.",
      lat: 59.345,
      lon: 18.05,
      radiusKm: 15,
      priceMinor: 45_000,
      mediaUrl: "https://cdn.example/roses.jpg",
    });
    expect(draft).toMatchObject({ status: "draft", search: { searchable: false } });
    opening = draft.id;
    const published = await api("POST", `/v1/providers/bloom/openings/${opening}/publish`, florist);
    expect(published).toMatchObject({ status: "published", search: { searchable: true } });

    const answer = await searchOn(published.search.snapshot);
    const ours = answer.results.find((r) => r.opening === opening);
    expect(ours).toMatchObject({ sponsored: false });
    expect(ours?.position).toBeGreaterThan(1);
  });

  it("funds a campaign and rises into the sponsored slot", async () => {
    const now = Date.now();
    const made = await api("POST", "/v1/providers/bloom/campaigns", florist, {
      opening,
      name: "Roses this afternoon",
      currency: "SEK",
      dailyBudgetMinor: 500,
      totalBudgetMinor: 500,
      maxCpcMinor: 300,
      // A half-hour flight: the whole budget may go now (pacing spreads it over the flight).
      schedule: {
        start: new Date(now - 60_000).toISOString(),
        end: new Date(now + 30 * 60_000).toISOString(),
      },
    });
    expect(made).toMatchObject({ status: "active", delivery: "serving", pacing: 1 });
    campaign = made.id;
    const answer = await searchOn(made.search.snapshot);
    expect(answer.results[0]).toMatchObject({ opening, position: 1, sponsored: true });
    tokens.push(answer.results[0]?.token as string);
    for (let i = 0; i < 3; i++) {
      const again = await search();
      expect(again.results[0]).toMatchObject({ opening, sponsored: true });
      tokens.push(again.results[0]?.token as string);
    }
  });

  it("a shopper clicks and sends a request; the florist sees it all in the reports, spend stopping at the budget", async () => {
    const first = await track({ token: tokens[0], type: "click" });
    expect((await track({ token: tokens[0], type: "click" })).id).toBe(first.id); // a double tap
    await track({ token: tokens[0], type: "request", valueMinor: 45_000 });
    for (const token of tokens.slice(1)) await track({ token, type: "click" });

    // The reserve price (200 öre) per click: 200 + 200 + the last 100 of the budget, then 0.
    const report = await eventually(
      () => api("GET", "/v1/providers/bloom/reports/campaigns", florist),
      (r) => r.totals.clicks === 4 && r.totals.requests === 1,
    );
    expect(report.rows).toEqual([
      expect.objectContaining({
        campaign,
        opening,
        clicks: 4,
        requests: 1,
        revenueMinor: 45_000,
        spendMinor: 500,
      }),
    ]);
    expect(report.currency).toBe("SEK");
    const after = await api("GET", `/v1/providers/bloom/campaigns/${campaign}`, florist);
    expect(after).toMatchObject({
      status: "exhausted",
      spentMinor: 500,
      remainingMinor: 0,
      delivery: "exhausted",
    });

    // Spent out, the ad has left search: the florist is organic again.
    const organic = await searchOn(after.search.snapshot);
    expect(organic.results.find((r) => r.opening === opening)).toMatchObject({ sponsored: false });

    const openings = await eventually(
      () => api("GET", "/v1/providers/bloom/reports/openings", florist),
      (r) => r.totals.impressions === seen.get(opening),
    );
    expect(openings.totals).toMatchObject({
      clicks: 4,
      requests: 1,
      revenueMinor: 45_000,
      spendMinor: 500,
    });
    expect(openings.totals.ctr).toBeGreaterThan(0);
    expect(openings.totals.averagePosition).toBeGreaterThanOrEqual(1);

    // Another provider's reports stay closed to the florist.
    const res = await fetch(new URL("/v1/providers/rosendal/reports/openings", stack.controlUrl), {
      headers: { authorization: `Bearer ${florist}` },
    });
    expect(res.status).toBe(403);
  });
});
