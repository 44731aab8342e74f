import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { databaseTargets, operator, queryRows, useControlPlane } from "../../../test/harness.ts";
import {
  clickEvent,
  enableMarket,
  type Listed,
  newCampaign,
  newOpening,
  newProvider,
  requestEvent,
  searchEvent,
} from "../../../test/marketplace.ts";
import { createEventConsumer, type QueueMessage } from "../../events/consumer.ts";

describe.each(databaseTargets)("click charging on $name", (target) => {
  const suite = useControlPlane(target);
  beforeAll(() => enableMarket(suite.cp));

  const ingest = async (events: unknown[]) => {
    const res = await suite.cp.call("POST", "/v1/events:batch", {
      token: await operator(),
      body: { events },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json as { inserted: number; duplicates: number; rejected: unknown[] };
  };

  /** A provider with a published opening and a campaign for it; `ad` is its sponsored result. */
  async function advertiser(budget: Record<string, number>) {
    const shop = await newProvider(suite.cp);
    const o = await newOpening(suite.cp, shop);
    const campaign = await newCampaign(suite.cp, shop, {
      opening: o.id,
      schedule: { start: "2026-11-01T00:00:00Z" },
      ...budget,
    });
    const ad: Listed = {
      opening: o.id,
      provider: shop.id,
      campaign: campaign.id,
      position: 1,
      sponsored: true,
      cpcMinor: 200,
    };
    return { shop, opening: o, campaign, ad };
  }

  const campaignOf = async (shop: { id: string; token: string }, id: string) =>
    (await suite.cp.call("GET", `/v1/providers/${shop.id}/campaigns/${id}`, { token: shop.token }))
      .json;

  it("charges the first click of a result once, capped by the bid, the day and the total", async () => {
    const { shop, campaign, ad } = await advertiser({
      dailyBudgetMinor: 1_000,
      totalBudgetMinor: 1_500,
      maxCpcMinor: 300,
    });
    const organic: Listed = { ...ad, campaign: null, sponsored: false, position: 2, cpcMinor: 0 };
    const day1 = "2026-11-25T10:00:00Z";
    const first = await ingest([
      searchEvent("q1", day1, [ad, { ...organic, opening: "op_other", provider: "other" }]),
      clickEvent("q1", day1, ad),
      clickEvent("q1", day1, ad), // redelivered: the same id
      clickEvent("q1", "2026-11-25T10:00:05Z", ad, "c-q1-again"), // the same token clicked twice
      requestEvent("q1", day1, ad, 5_000),
    ]);
    expect(first).toMatchObject({ inserted: 4, duplicates: 1, rejected: [] });
    expect((await campaignOf(shop, campaign.id)).spentMinor).toBe(200);

    // Four more results clicked on day 1 at 400 each: the bid caps each at 300, the day at 1 000.
    await ingest([2, 3, 4, 5].map((q) => clickEvent(`q${q}`, day1, { ...ad, cpcMinor: 400 })));
    // Day 2: the total (1 500) leaves 500.
    const day2 = "2026-11-26T09:00:00Z";
    await ingest([6, 7, 8].map((q) => clickEvent(`q${q}`, day2, { ...ad, cpcMinor: 300 })));
    const after = await campaignOf(shop, campaign.id);
    expect(after).toMatchObject({ spentMinor: 1_500, remainingMinor: 0, status: "exhausted" });

    const report = await suite.cp.call(
      "GET",
      `/v1/providers/${shop.id}/reports/campaigns?from=2026-11-25&to=2026-11-26`,
      { token: shop.token },
    );
    expect(report.json.rows).toEqual([
      {
        day: "2026-11-25",
        campaign: campaign.id,
        opening: ad.opening,
        impressions: 1,
        clicks: 5,
        ctr: 5,
        requests: 1,
        revenueMinor: 5_000,
        spendMinor: 1_000,
        averagePosition: 1,
      },
      expect.objectContaining({ day: "2026-11-26", clicks: 3, spendMinor: 500, impressions: 0 }),
    ]);
    expect(report.json).toMatchObject({
      currency: "SEK",
      totals: { spendMinor: 1_500, clicks: 8 },
    });

    // Raising the total revives an exhausted campaign.
    const revived = await suite.cp.call(
      "PATCH",
      `/v1/providers/${shop.id}/campaigns/${campaign.id}`,
      {
        token: shop.token,
        body: { totalBudgetMinor: 3_000 },
      },
    );
    expect(revived.json).toMatchObject({ status: "active", remainingMinor: 1_500 });
  });

  it("never charges a click naming another opening's campaign", async () => {
    const { shop, campaign, ad } = await advertiser({});
    const stranger = await advertiser({});
    await ingest([
      clickEvent("q-x", "2026-11-25T10:00:00Z", { ...stranger.ad, campaign: campaign.id }),
    ]);
    expect((await campaignOf(shop, campaign.id)).spentMinor).toBe(0);
    await ingest([clickEvent("q-y", "2026-11-25T10:00:00Z", ad)]);
    expect((await campaignOf(shop, campaign.id)).spentMinor).toBe(200);
  });

  it("never overspends when batches of clicks race for the last of a budget", async () => {
    const { shop, campaign, ad } = await advertiser({
      dailyBudgetMinor: 1_000,
      totalBudgetMinor: 1_000,
      maxCpcMinor: 100,
    });
    // 8 batches in flight at once, 20 clicks each at 100, every batch also redelivering the
    // previous batch's clicks: 160 distinct clicks want 16 000 of a 1 000 budget.
    const batches = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 20 }, (_, i) =>
        clickEvent(`race-${b}-${i}`, `2026-11-25T12:${String(i).padStart(2, "0")}:00Z`, {
          ...ad,
          cpcMinor: 100,
        }),
      ),
    );
    const answers = await Promise.all(
      batches.map((batch, b) => ingest([...batch, ...(batches[b - 1] ?? [])])),
    );
    expect(answers.reduce((n, a) => n + a.inserted, 0)).toBe(160);
    const [charged] = await queryRows<{ total: number; paid: number; clicks: number }>(
      suite.database.db,
      sql`SELECT coalesce(sum(charged_minor), 0)::int AS total,
                 count(*) FILTER (WHERE charged_minor > 0)::int AS paid,
                 count(*)::int AS clicks
          FROM market_clicks WHERE campaign = ${campaign.id}`,
    );
    expect(charged).toEqual({ total: 1_000, paid: 10, clicks: 160 });
    expect(await campaignOf(shop, campaign.id)).toMatchObject({
      spentMinor: 1_000,
      status: "exhausted",
    });
  });

  it("stores marketplace events from the Worker queue consumer exactly once", async () => {
    const { shop, campaign, ad } = await advertiser({});
    const events = [
      searchEvent("qq", "2026-11-25T10:00:00Z", [ad]),
      clickEvent("qq", "2026-11-25T10:00:01Z", ad),
      { type: "market.click", id: "broken" },
    ];
    const outcome: string[] = [];
    const message = (body: unknown, i: number): QueueMessage => ({
      id: `m${i}`,
      body,
      attempts: 1,
      ack: () => outcome.push(`ack ${i}`),
      retry: () => outcome.push(`retry ${i}`),
    });
    const consumer = createEventConsumer({
      db: suite.database.db,
      publisher: suite.edge.publisher,
      log: () => {},
    });
    await consumer.queue({ queue: "events", messages: events.map(message) });
    await consumer.queue({ queue: "events", messages: events.slice(0, 2).map(message) });
    expect(outcome).toEqual(["ack 2", "ack 0", "ack 1", "ack 0", "ack 1"]);
    expect((await campaignOf(shop, campaign.id)).spentMinor).toBe(200);
  });
});
