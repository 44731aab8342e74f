/**
 * A day of marketplace traffic, minute by minute: 50 campaigns with different budgets, bids and
 * schedules compete in the real engine (SearchEngine over the snapshots this control plane
 * publishes to KV); searches, clicks and requests go back in as edge events; pacing and
 * snapshots are recomputed as the clock moves. Then: no campaign spent more than its daily or
 * total budget, spent ones left search at once, pacing spread spend over the day, and the
 * reports add up to exactly the events sent.
 */
import { loadEngineModule, SearchEngine } from "@switchboard/wasm/node";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { databaseTargets, operator, queryRows, useControlPlane } from "../../test/harness.ts";
import {
  clickEvent,
  enableMarket,
  type Listed,
  newCampaign,
  newOpening,
  newProvider,
  requestEvent,
  searchEvent,
} from "../../test/marketplace.ts";
import { parseEvents } from "../events/schema.ts";
import { insertEvents } from "../events/store.ts";
import { refreshSnapshots } from "./refresh.ts";
import { publishScopes } from "./snapshot/publish.ts";

const campaignsCount = 50;
const stepMinutes = 5;
// Wednesday 2 December 2026 in Stockholm (UTC+1): 00:00 local is 23:00 UTC the day before.
const dayStart = Date.parse("2026-12-01T23:00:00Z");
const day = "2026-12-02";

/** Deterministic traffic: the same day every run. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Searches per minute by local hour: quiet nights, busy days. */
const searchesPerMinute = (hour: number) =>
  hour < 7 ? 1 : hour < 10 ? 6 : hour < 18 ? 10 : hour < 22 ? 8 : 3;

/** The campaigns' variety: budgets, bids and schedules. */
function plan(i: number) {
  const schedules = [
    {}, // all day, every day
    { hours: "08:00-18:00", weekdays: ["mon", "tue", "wed", "thu", "fri"] },
    { hours: "10:00-22:00" },
    { weekdays: ["sat", "sun"] }, // not on a Wednesday
    { hours: "06:00-12:00" },
    { end: "2026-12-02T13:00:00Z" }, // ends at 14:00 local
  ];
  const daily = 2_000 + ((i * 53) % 10) * 2_000;
  return {
    dailyBudgetMinor: daily,
    // Every fifth campaign has less in total than a day's budget: it runs out mid-day.
    totalBudgetMinor: i % 5 === 0 ? Math.round(daily * 0.6) : daily * 10,
    maxCpcMinor: 150 + ((i * 37) % 14) * 75,
    schedule: { start: "2026-12-01T00:00:00Z", ...schedules[i % schedules.length] },
  };
}

interface Ledger {
  id: string;
  daily: number;
  total: number;
  bid: number;
  /** Cumulative spend after each step. */
  spent: number[];
  /** The step after which it was spent for the day (or in total); null if never. */
  offAfter: number | null;
  /** Sponsored listings after that step: must stay 0. */
  shownAfterOff: number;
  /** Sponsored listings per step. */
  shown: number[];
  allDay: boolean;
}

describe.each(databaseTargets)("a simulated day of marketplace traffic on $name", (target) => {
  const suite = useControlPlane(target);
  const ledgers = new Map<string, Ledger>();
  const sent = { impressions: 0, clicks: 0, requests: 0, revenue: 0, positions: 0 };
  const providers: { id: string; token: string }[] = [];

  beforeAll(async () => {
    await enableMarket(suite.cp);
    for (let i = 0; i < campaignsCount; i++) {
      const shop = await newProvider(suite.cp);
      providers.push(shop);
      const o = await newOpening(suite.cp, shop, {
        title: `Florist ${i}`,
        lat: 59.33 + (((i * 7) % 21) - 10) * 0.004 + i * 0.0001,
        lon: 18.06 + (((i * 13) % 21) - 10) * 0.008,
      });
      const p = plan(i);
      const c = await newCampaign(suite.cp, shop, { opening: o.id, ...p });
      ledgers.set(c.id, {
        id: c.id,
        daily: p.dailyBudgetMinor,
        total: p.totalBudgetMinor,
        bid: p.maxCpcMinor,
        spent: [],
        offAfter: null,
        shownAfterOff: 0,
        shown: [],
        allDay: i % 6 === 0,
      });
    }
    const ranking = [
      "apiVersion: switchboard/v1",
      "kind: Ranking",
      "metadata: { name: se-florist, tenant: marketplace }",
      "spec:",
      "  country: SE",
      "  category: florist",
      "  weights: { text: 0.2, distance: 0.4, rating: 0.2, responseRate: 0.2 }",
      "  maxDistanceKm: 30",
      "  sponsored: { slots: [1, 2, 3], qualityFloor: 0.1, reservePrice: 100 }",
      "",
    ].join("\n");
    await suite.cp.upload("marketplace", ranking, "se-florist");
    const res = await suite.cp.publish("marketplace", {}, "se-florist");
    expect(res.json.search[0]).toMatchObject({ searchable: true });
  }, 300_000);

  it("keeps every campaign within its budgets while pacing spreads the spend", {
    timeout: 900_000,
  }, async () => {
    const module = await loadEngineModule();
    const deps = { db: suite.database.db, publisher: suite.edge.publisher };
    const rng = random(20261202);
    let engine: SearchEngine | null = null;
    let loaded = "";
    let query = 0;
    const steps = (24 * 60) / stepMinutes;

    for (let step = 0; step < steps; step++) {
      const now = new Date(dayStart + step * stepMinutes * 60_000);
      // The once-a-minute refresh, then what the edge would load for the next search.
      await refreshSnapshots(deps, now);
      const pointer = (await suite.edge.json("ranking/SE/florist")) as {
        bundle: string;
        snapshot: string;
      };
      if (pointer.snapshot !== loaded) {
        const [ranking, snapshot] = await Promise.all([
          suite.edge.bundle(pointer.bundle),
          suite.edge.bundle(pointer.snapshot),
        ]);
        engine = SearchEngine.load(module, ranking as Uint8Array, snapshot as Uint8Array);
        loaded = pointer.snapshot;
      }
      const events: unknown[] = [];
      const hour = Math.floor((step * stepMinutes) / 60);
      const searches = Math.round(searchesPerMinute(hour) * stepMinutes * (0.5 + rng()));
      for (let s = 0; s < searches; s++) {
        const at = new Date(now.getTime() + Math.floor(rng() * stepMinutes * 60_000));
        const ts = at.toISOString();
        const queryId = `q${++query}`;
        const { results } = (engine as SearchEngine).search({
          lat: 59.33 + (rng() - 0.5) * 0.1,
          lon: 18.06 + (rng() - 0.5) * 0.2,
          limit: 10,
          at,
        });
        const listed: Listed[] = results.map((r) => ({
          opening: r.opening,
          provider: r.provider,
          campaign: r.campaign,
          position: r.position,
          sponsored: r.sponsored,
          cpcMinor: r.cpcMinor,
        }));
        events.push(searchEvent(queryId, ts, listed));
        for (const r of listed) {
          sent.impressions += 1;
          sent.positions += r.position;
          const ledger = r.sponsored && r.campaign ? ledgers.get(r.campaign) : undefined;
          if (ledger) ledger.shown[step] = (ledger.shown[step] ?? 0) + 1;
          if (ledger && ledger.offAfter !== null) ledger.shownAfterOff += 1;
          if (rng() >= (r.sponsored ? 0.08 : 0.03 / r.position)) continue;
          const clickedAt = new Date(at.getTime() + 5_000).toISOString();
          events.push(clickEvent(queryId, clickedAt, r));
          // A retried post of the same click: the edge sends the same id.
          if (rng() < 0.1) events.push(clickEvent(queryId, clickedAt, r));
          sent.clicks += 1;
          if (rng() < 0.25) {
            const value = 10_000 + Math.floor(rng() * 70_000);
            events.push(requestEvent(queryId, clickedAt, r, value));
            sent.requests += 1;
            sent.revenue += value;
          }
        }
      }
      // What POST /v1/events:batch does, with the simulated clock for the republish.
      const { valid, rejected } = parseEvents(events);
      expect(rejected).toEqual([]);
      const { exhausted } = await insertEvents(deps.db, valid);
      if (exhausted.length > 0) await publishScopes(deps, exhausted, { now });

      const rows = await queryRows<{ id: string; spent: number; today: number }>(
        deps.db,
        sql`SELECT c.id, c.spent_minor::int AS spent,
                   coalesce((SELECT sum(s.spend_minor) FROM market_stats_daily s
                             WHERE s.campaign = c.id AND s.day = ${day}), 0)::int AS today
            FROM campaigns c`,
      );
      for (const row of rows) {
        const ledger = ledgers.get(row.id);
        if (!ledger) continue;
        ledger.spent.push(row.spent);
        if (ledger.offAfter === null && (row.today >= ledger.daily || row.spent >= ledger.total)) {
          ledger.offAfter = step;
        }
      }
    }

    const all = [...ledgers.values()];
    const final = (l: Ledger) => l.spent.at(-1) ?? 0;
    // 1. Never over budget: not the day's, not the total.
    for (const l of all) {
      expect(final(l), l.id).toBeLessThanOrEqual(Math.min(l.daily, l.total));
    }
    // 2. A campaign that spent its budget was never listed as sponsored afterwards.
    const spentOut = all.filter((l) => l.offAfter !== null);
    expect(spentOut.length).toBeGreaterThan(5);
    for (const l of spentOut) expect(l.shownAfterOff, l.id).toBe(0);
    const exhausted = await queryRows<{ n: number }>(
      deps.db,
      sql`SELECT count(*)::int AS n FROM campaigns WHERE status = 'exhausted'`,
    );
    expect(exhausted[0]?.n).toBe(all.filter((l) => final(l) >= l.total).length);
    expect(exhausted[0]?.n).toBeGreaterThan(0);
    // 3. Pacing, on the all-day campaigns, against the line of docs/marketplace.md "Pacing":
    // budget B = min(daily, total), line(m) = B × min(1, (m + 60) / 1440) at local minute m.
    const stepsPerHour = 60 / stepMinutes;
    const allDay = all.filter((l) => l.allDay);
    for (const l of allDay) {
      const budget = Math.min(l.daily, l.total);
      const line = (minute: number) => budget * Math.min(1, (minute + 60) / 1440);
      const before = (step: number) => (step === 0 ? 0 : (l.spent[step - 1] ?? 0));
      // (a) Listed only while under the line when the step began: pacing 0 reached the engine.
      for (let step = 0; step < steps; step++) {
        if ((l.shown[step] ?? 0) === 0) continue;
        expect(before(step), `${l.id} shown at step ${step}`).toBeLessThan(
          line(step * stepMinutes),
        );
      }
      // (b) So by the end of any hour it is at most one step's clicks above the line.
      const burst = Math.max(...l.spent.map((spent, step) => spent - before(step)));
      for (let hour = 0; hour < 24; hour++) {
        const spent = l.spent[(hour + 1) * stepsPerHour - 1] ?? 0;
        expect(spent, `${l.id} by ${hour + 1}:00`).toBeLessThanOrEqual(
          line((hour + 1) * 60) + burst,
        );
      }
    }
    // (c) Those with demand enough to spend their budget do so over the day, not at its start.
    const busy = allDay.filter((l) => final(l) >= 0.8 * Math.min(l.daily, l.total));
    expect(busy.length).toBeGreaterThan(2);
    for (const l of busy) {
      expect(l.spent[6 * stepsPerHour - 1], l.id).toBeLessThan(0.5 * Math.min(l.daily, l.total));
    }
    // 4. The reports add up to exactly the events sent (duplicates counted once).
    const totals = { impressions: 0, clicks: 0, requests: 0, revenue: 0, spend: 0, positions: 0 };
    for (const shop of providers) {
      const res = await suite.cp.call(
        "GET",
        `/v1/providers/${shop.id}/reports/openings?from=${day}&to=${day}`,
        { token: shop.token },
      );
      const t = res.json.totals;
      totals.impressions += t.impressions;
      totals.clicks += t.clicks;
      totals.requests += t.requests;
      totals.revenue += t.revenueMinor;
      totals.spend += t.spendMinor;
      totals.positions += t.averagePosition === null ? 0 : t.averagePosition * t.impressions;
    }
    expect(totals).toMatchObject({
      impressions: sent.impressions,
      clicks: sent.clicks,
      requests: sent.requests,
      revenue: sent.revenue,
      spend: all.reduce((n, l) => n + final(l), 0),
    });
    expect(Math.round(totals.positions)).toBeCloseTo(sent.positions, -2);
    const ops = await operator();
    const campaigns = await suite.cp.call("GET", `/v1/providers/${providers[0]?.id}/campaigns`, {
      token: ops,
    });
    expect(campaigns.json.campaigns[0].spentMinor).toBe(final(all[0] as Ledger));
    console.log(
      `day simulation (${target.name}): ${query} searches, ${sent.clicks} clicks, ${spentOut.length}/${all.length} campaigns spent out, total spend ${totals.spend}`,
    );
  });
});
