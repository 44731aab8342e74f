import { sha256Hex } from "@switchboard/rules-compiler";
import { beforeAll, describe, expect, it } from "vitest";
import {
  countrySource,
  databaseTargets,
  operator,
  rankingSource,
  token,
  useControlPlane,
} from "../../../test/harness.ts";
import {
  enableMarket,
  newCampaign,
  newOpening,
  newProvider,
  opening,
  publishRanking,
  snapshotFields,
} from "../../../test/marketplace.ts";
import { createMarketplaceScheduler, refreshSnapshots } from "../refresh.ts";

interface Pointer {
  bundle: string;
  snapshot: string;
  at: string;
}

describe.each(databaseTargets)("search snapshots on $name", (target) => {
  const suite = useControlPlane(target);
  beforeAll(async () => {
    await enableMarket(suite.cp, "florist");
    await enableMarket(suite.cp, "hairdresser");
  });
  const pointer = (category: string) =>
    suite.edge.json(`ranking/SE/${category}`) as Promise<Pointer | null>;
  const snapshot = async (category: string) => {
    const p = await pointer(category);
    const bytes = p && (await suite.edge.bundle(p.snapshot));
    if (!p || !bytes) throw new Error(`no snapshot for ${category}`);
    expect(sha256Hex(bytes)).toBe(p.snapshot);
    return snapshotFields(bytes);
  };

  it("writes no pointer while no Ranking applies, and says why", async () => {
    const shop = await newProvider(suite.cp);
    const o = await newOpening(suite.cp, shop, { category: "hairdresser" });
    expect(o.search).toMatchObject({ searchable: false });
    expect(o.search.reason).toContain("no Ranking rule set is published for SE/hairdresser");
    expect(await pointer("hairdresser")).toBeNull();
  });

  it("publishes a category's Ranking with a snapshot of its searchable openings", async () => {
    const shop = await newProvider(suite.cp);
    const o = await newOpening(suite.cp, shop);
    await newOpening(suite.cp, shop, { title: "Draft roses" }, { draft: true });
    const campaign = await newCampaign(suite.cp, shop, { opening: o.id, maxCpcMinor: 400 });
    const ranking = await publishRanking(suite.cp, { category: "florist", slots: [1] });
    expect(ranking.answer.search).toEqual([
      expect.objectContaining({
        searchable: true,
        pointer: "ranking/SE/florist",
        ranking: ranking.hash,
      }),
    ]);
    const p = await pointer("florist");
    expect(p).toEqual({
      bundle: ranking.hash,
      snapshot: expect.any(String),
      at: expect.any(String),
    });
    expect(await suite.edge.bundle(ranking.hash)).not.toBeNull();
    const fields = await snapshot("florist");
    expect(fields).toMatchObject({ magic: "SWBN", kind: 6, openings: 1 });
    expect(fields.ads).toEqual([{ bidMinor: 400, qualityE3: expect.any(Number), pacingE3: 1000 }]);

    // The provider sees its opening searchable, and the campaign serving.
    const seen = await suite.cp.call("GET", `/v1/providers/${shop.id}/campaigns/${campaign.id}`, {
      token: shop.token,
    });
    expect(seen.json).toMatchObject({
      delivery: "serving",
      pacing: 1,
      search: { searchable: true, snapshot: p?.snapshot },
    });
  });

  it("republishes at once when an opening or campaign changes", async () => {
    const shop = await newProvider(suite.cp);
    const before = (await pointer("florist"))?.snapshot;
    const o = await newOpening(suite.cp, shop);
    expect(o.search).toMatchObject({ searchable: true });
    expect(o.search.snapshot).not.toBe(before);
    expect((await pointer("florist"))?.snapshot).toBe(o.search.snapshot);
    const count = (await snapshot("florist")).openings;

    const campaign = await newCampaign(suite.cp, shop, { opening: o.id, maxCpcMinor: 250 });
    expect((await snapshot("florist")).ads.map((a) => a.bidMinor)).toContain(250);

    const paused = await suite.cp.call(
      "POST",
      `/v1/providers/${shop.id}/campaigns/${campaign.id}/pause`,
      { token: shop.token },
    );
    expect(paused.json).toMatchObject({ status: "paused", delivery: "paused", pacing: 0 });
    const ad = (await snapshot("florist")).ads.find((a) => a.bidMinor === 250);
    expect(ad?.pacingE3).toBe(0);

    const disabled = await suite.cp.call(
      "POST",
      `/v1/providers/${shop.id}/openings/${o.id}/disable`,
      { token: shop.token },
    );
    expect(disabled.json.search.searchable).toBe(false);
    expect((await snapshot("florist")).openings).toBe(count - 1);

    // An operator switching the provider off takes its openings out as well.
    await suite.cp.call("POST", `/v1/providers/${shop.id}/openings/${o.id}/publish`, {
      token: shop.token,
    });
    expect((await snapshot("florist")).openings).toBe(count);
    await suite.cp.call("PUT", `/v1/providers/${shop.id}`, {
      token: await operator(),
      body: { name: "Off", country: "SE", enabled: false },
    });
    expect((await snapshot("florist")).openings).toBe(count - 1);
  });

  it("lets a country's default Ranking order every category without one of its own", async () => {
    const byDefault = await publishRanking(suite.cp, { name: "se-default" });
    const florist = (await pointer("florist"))?.bundle;
    expect(florist).not.toBe(byDefault.hash); // the florist's own Ranking wins
    expect((await pointer("hairdresser"))?.bundle).toBe(byDefault.hash);
    expect(byDefault.answer.search.map((s: { pointer: string }) => s.pointer)).toEqual([
      "ranking/SE/florist",
      "ranking/SE/hairdresser",
    ]);

    // A new category is searchable at once under the default.
    const baker = await suite.cp.call("PUT", "/v1/categories/baker", {
      token: await operator(),
      body: { name: "Bakers" },
    });
    expect(baker.status).toBe(201);
    expect((await pointer("baker"))?.bundle).toBe(byDefault.hash);
    expect((await snapshot("baker")).openings).toBe(0);

    // The florist's Ranking moves to bakers: florists fall back to the default.
    const moved = rankingSource({
      tenant: "marketplace",
      name: "rank-florist",
      country: "SE",
      category: "baker",
    });
    const v2 = await suite.cp.upload("marketplace", moved, "rank-florist");
    expect((await suite.cp.publish("marketplace", {}, "rank-florist")).status).toBe(200);
    expect((await pointer("baker"))?.bundle).toBe(v2.hash);
    expect((await pointer("florist"))?.bundle).toBe(byDefault.hash);
  });

  it("writes nothing for a country that is not enabled, and says so", async () => {
    const res = await suite.cp.upload(
      "marketplace",
      rankingSource({ tenant: "marketplace", name: "xq", country: "XQ", category: "tea-rooms" }),
      "xq",
    );
    expect(res.version).toBe(1);
    const published = await suite.cp.publish("marketplace", {}, "xq");
    expect(published.json.search).toEqual([
      {
        searchable: false,
        reason: expect.stringContaining("country XQ is not enabled"),
        pointer: "ranking/XQ/tea-rooms",
      },
    ]);
    expect(await suite.edge.json("ranking/XQ/tea-rooms")).toBeNull();
    // The category a Ranking names exists from then on.
    const list = await suite.cp.call("GET", "/v1/categories", { token: await operator() });
    expect(list.json.categories.map((c: { id: string }) => c.id)).toContain("tea-rooms");

    // Enabling the country later makes the category searchable at the next refresh.
    await suite.cp.upload("_countries", countrySource({ code: "XQ", callingCode: "968" }), "XQ");
    expect((await suite.cp.publish("_countries", {}, "XQ")).status).toBe(200);
    await refreshSnapshots({ db: suite.database.db, publisher: suite.edge.publisher });
    expect(await suite.edge.json("ranking/XQ/tea-rooms")).toMatchObject({ bundle: res.hash });
    const admin = await token({ sub: "a", role: "pbx_admin", tenant: "marketplace" });
    const denied = await suite.cp.call("POST", "/v1/rulesets/marketplace/xq/publish", {
      token: admin,
      body: {},
    });
    expect(denied.status).toBe(403);
  });

  it("keeps the previous pointer when the edge write fails, and catches up on refresh", async () => {
    const shop = await newProvider(suite.cp);
    const before = await pointer("florist");
    const flaky = suite.failing((k) => k === "ranking/SE/florist");
    const made = await flaky.call("POST", `/v1/providers/${shop.id}/openings`, {
      token: shop.token,
      body: opening({ title: "Peonies" }),
    });
    const published = await flaky.call(
      "POST",
      `/v1/providers/${shop.id}/openings/${made.json.id}/publish`,
      { token: shop.token },
    );
    expect(published.status).toBe(200);
    expect(published.json.status).toBe("published");
    expect(published.json.search).toMatchObject({ searchable: false });
    expect(published.json.search.reason).toContain("retries within a minute");
    expect(await pointer("florist")).toEqual(before);

    const rankingWrite = await flaky.publish("marketplace", { version: 1 }, "se-default");
    expect(rankingWrite.status).toBe(502);
    expect(await pointer("florist")).toEqual(before);

    // The Worker's cron handler (Node runs the same refresh on a timer).
    const scheduler = createMarketplaceScheduler({
      db: suite.database.db,
      publisher: suite.edge.publisher,
      log: (line) => {
        throw new Error(line);
      },
    });
    await scheduler.scheduled();
    expect((await pointer("florist"))?.snapshot).not.toBe(before?.snapshot);
    const again = await suite.cp.call("GET", `/v1/providers/${shop.id}/openings/${made.json.id}`, {
      token: shop.token,
    });
    expect(again.json.search).toMatchObject({ searchable: true });
  });
});
