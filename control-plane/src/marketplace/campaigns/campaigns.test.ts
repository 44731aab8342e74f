import { beforeAll, describe, expect, it } from "vitest";
import { databaseTargets, operator, useControlPlane } from "../../../test/harness.ts";
import {
  clickEvent,
  enableMarket,
  newCampaign,
  newOpening,
  newProvider,
} from "../../../test/marketplace.ts";

describe.each(databaseTargets)("campaigns on $name", (target) => {
  const suite = useControlPlane(target);
  beforeAll(() => enableMarket(suite.cp));

  it("validates a campaign field by field, in the country's currency", async () => {
    const shop = await newProvider(suite.cp);
    const other = await newProvider(suite.cp);
    const o = await newOpening(suite.cp, shop, {}, { draft: true });
    const foreign = await newOpening(suite.cp, other, {}, { draft: true });
    const post = (body: Record<string, unknown>) =>
      suite.cp.call("POST", `/v1/providers/${shop.id}/campaigns`, {
        token: shop.token,
        body: {
          opening: o.id,
          dailyBudgetMinor: 5_000,
          totalBudgetMinor: 50_000,
          maxCpcMinor: 300,
          ...body,
        },
      });
    const paths = async (body: Record<string, unknown>) =>
      ((await post(body)).json.error.issues as { path: string }[]).map((i) => i.path).sort();

    expect(
      await paths({
        dailyBudgetMinor: 0,
        maxCpcMinor: 2.5,
        schedule: { weekdays: ["wed", "wed"], hours: "18:00-08:00" },
      }),
    ).toEqual(["dailyBudgetMinor", "maxCpcMinor", "schedule.hours", "schedule.weekdays"]);
    expect(await paths({ maxCpcMinor: 6_000 })).toEqual(["maxCpcMinor"]);
    expect(
      await paths({ schedule: { start: "2026-12-10T00:00:00Z", end: "2026-12-01T00:00:00Z" } }),
    ).toEqual(["schedule.end"]);
    const euro = await post({ currency: "EUR" });
    expect(euro).toMatchObject({
      status: 422,
      json: { error: { issues: [{ path: "currency" }] } },
    });
    expect(euro.json.error.message).toContain("SEK");
    const stolen = await post({ opening: foreign.id });
    expect(stolen).toMatchObject({
      status: 422,
      json: { error: { code: "unknown_opening", issues: [{ path: "opening" }] } },
    });

    const made = await post({
      currency: "SEK",
      name: "Advent",
      schedule: {
        start: "2026-12-01T00:00:00+01:00",
        weekdays: ["sat", "sun"],
        hours: "09:00-17:30",
      },
    });
    expect(made.status).toBe(201);
    expect(made.json).toMatchObject({
      currency: "SEK",
      status: "active",
      spentMinor: 0,
      remainingMinor: 50_000,
      schedule: {
        start: "2026-11-30T23:00:00.000Z",
        end: null,
        weekdays: ["sat", "sun"],
        hours: "09:00-17:30",
      },
      // The opening is a draft: the campaign cannot be shown yet, and says why.
      delivery: "opening_not_searchable",
      pacing: 0,
      search: { searchable: false },
    });
  });

  it("pauses and resumes, and refuses to resume a spent campaign until its total is raised", async () => {
    const shop = await newProvider(suite.cp);
    const o = await newOpening(suite.cp, shop);
    const c = await newCampaign(suite.cp, shop, { opening: o.id });
    const path = `/v1/providers/${shop.id}/campaigns/${c.id}`;
    const as = { token: shop.token };
    expect((await suite.cp.call("POST", `${path}/pause`, as)).json).toMatchObject({
      status: "paused",
      delivery: "paused",
    });
    expect((await suite.cp.call("POST", `${path}/pause`, as)).status).toBe(200);
    // A budget change keeps a paused campaign paused.
    const changed = await suite.cp.call("PATCH", path, { ...as, body: { maxCpcMinor: 400 } });
    expect(changed.json).toMatchObject({ status: "paused", maxCpcMinor: 400 });
    expect((await suite.cp.call("POST", `${path}/resume`, as)).json.status).toBe("active");
    const narrowed = await suite.cp.call("PATCH", path, {
      ...as,
      body: { schedule: { hours: "00:00-24:00", weekdays: ["mon"] } },
    });
    expect(narrowed.json.schedule).toMatchObject({ weekdays: ["mon"], hours: "00:00-24:00" });
    const bad = await suite.cp.call("PATCH", path, { ...as, body: { dailyBudgetMinor: 100 } });
    expect(bad).toMatchObject({
      status: 422,
      json: { error: { issues: [{ path: "maxCpcMinor" }] } },
    });

    const list = await suite.cp.call("GET", `/v1/providers/${shop.id}/campaigns`, as);
    expect(list.json.campaigns.map((x: { id: string }) => x.id)).toEqual([c.id]);

    // One click spends a 300 total: exhausted, and resuming cannot help.
    const small = await newCampaign(suite.cp, shop, {
      opening: o.id,
      dailyBudgetMinor: 300,
      totalBudgetMinor: 300,
      maxCpcMinor: 300,
    });
    const ad = {
      opening: o.id,
      provider: shop.id,
      campaign: small.id,
      position: 1,
      sponsored: true,
      cpcMinor: 300,
    };
    await suite.cp.call("POST", "/v1/events:batch", {
      token: await operator(),
      body: { events: [clickEvent("q-small", new Date().toISOString(), ad)] },
    });
    const spent = `/v1/providers/${shop.id}/campaigns/${small.id}`;
    expect((await suite.cp.call("GET", spent, as)).json).toMatchObject({
      status: "exhausted",
      delivery: "exhausted",
      spentMinor: 300,
    });
    const resumed = await suite.cp.call("POST", `${spent}/resume`, as);
    expect(resumed).toMatchObject({ status: 409, json: { error: { code: "invalid_transition" } } });
    expect(resumed.json.error.message).toContain("totalBudgetMinor");
  });
});
