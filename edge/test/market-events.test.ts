import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { TrackedEvent } from "../src/events/route.ts";
import { signTracking } from "../src/tracking/token.ts";
import { keptEvents } from "./direct.ts";
import { opening, postEvent, publishMarket, searchDirect } from "./market.ts";

/** A search with a sponsored winner (bo pays 215: just over cecilia's 250 × 0.72 / 0.84). */
async function searched() {
  const market = await publishMarket([
    opening("anna", 4.8),
    opening("bo", 4.2, { campaignId: "camp-bo", bidMinor: 300, quality: 1, pacing: 1 }),
    opening("cecilia", 3.6, { campaignId: "camp-ce", bidMinor: 250, quality: 1, pacing: 1 }),
  ]);
  const { body } = await searchDirect({ category: market.category, q: "tulips" });
  return { market, body, sponsored: body.results[0], organic: body.results[1] };
}

async function posted(body: unknown) {
  const events = keptEvents();
  const response = await postEvent(body, { EVENTS: events.queue });
  return {
    status: response.status,
    json: await response.json(),
    sent: events.sent as TrackedEvent[],
  };
}

describe("POST /v1/events", () => {
  it("turns a sponsored result's click into one event carrying its price per click", async () => {
    const { market, body, sponsored } = await searched();
    expect(sponsored).toMatchObject({ opening: "bo", sponsored: true, position: 1 });
    const click = await posted({ token: sponsored?.token, type: "click" });
    expect(click.status).toBe(202);
    expect(click.sent).toEqual([
      {
        type: "market.click",
        id: expect.stringMatching(/^[0-9a-f]{64}$/),
        ts: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        region: "LOCAL",
        country: "SE",
        category: market.category,
        queryId: body.meta.queryId,
        opening: "bo",
        provider: "provider-bo",
        campaign: "camp-bo",
        position: 1,
        sponsored: true,
        cpcMinor: 215,
        valueMinor: null,
      },
    ]);
    expect(click.json).toEqual({ id: click.sent[0]?.id, type: "market.click" });
  });

  it("gives a click the same id however often it is posted, and a request its own", async () => {
    const { organic } = await searched();
    const first = await posted({ token: organic?.token, type: "click" });
    const again = await posted({ token: organic?.token, type: "click" });
    expect(again.sent[0]?.id).toBe(first.sent[0]?.id);
    expect(first.sent[0]).toMatchObject({ opening: "anna", campaign: null, cpcMinor: 0 });
    const request = await posted({ token: organic?.token, type: "request", valueMinor: 45_000 });
    expect(request.status).toBe(202);
    expect(request.sent[0]).toMatchObject({ type: "market.request", valueMinor: 45_000 });
    expect(request.sent[0]?.id).not.toBe(first.sent[0]?.id);
  });

  it("refuses a token it did not sign, or one too old, and queues nothing", async () => {
    const { sponsored } = await searched();
    const token = sponsored?.token ?? "";
    const [body, mac] = token.split(".");
    const forged = `${body?.slice(0, -2)}AA.${mac}`;
    const wrong = await posted({ token: forged, type: "click" });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ error: { code: "token_invalid" } });
    expect(wrong.sent).toEqual([]);

    const old = signTracking(env.TRACKING_SECRET, {
      queryId: "q-old",
      opening: "bo",
      provider: "provider-bo",
      campaign: "camp-bo",
      position: 1,
      sponsored: true,
      cpcMinor: 215,
      country: "SE",
      category: "florist",
      issuedAt: Math.floor(Date.now() / 1000) - 2 * 86_400,
    });
    const expired = await posted({ token: old, type: "click" });
    expect(expired.status).toBe(401);
    expect(expired.json).toMatchObject({
      error: { code: "token_expired", message: expect.stringMatching(/24 hours/) },
    });
    expect(expired.sent).toEqual([]);
  });

  it("refuses a bad body with 400, naming each field", async () => {
    const { organic } = await searched();
    const cases: [unknown, { path: string; message: string }[]][] = [
      [
        { token: organic?.token, type: "impression" },
        [
          {
            path: "type",
            message:
              'type must be "click" or "request" (impressions are recorded by the edge at search time)',
          },
        ],
      ],
      [
        { token: organic?.token, type: "request" },
        [
          {
            path: "valueMinor",
            message: "valueMinor is required for a request: its value in minor units",
          },
        ],
      ],
      [
        { token: organic?.token, type: "request", valueMinor: 12.5 },
        [{ path: "valueMinor", message: "valueMinor must be a whole number of minor units" }],
      ],
      [
        { type: "click", valueMinor: 3 },
        [
          { path: "token", message: "token is required: the token of the search result" },
          { path: "valueMinor", message: "a click has no valueMinor" },
        ],
      ],
      ["{not json", [{ path: "", message: "the body must be JSON: {token, type, valueMinor?}" }]],
    ];
    for (const [body, issues] of cases) {
      const refused = await posted(body);
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({ error: { code: "invalid_body", issues } });
      expect(refused.sent).toEqual([]);
    }
  });
});
