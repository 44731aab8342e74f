/**
 * Stores marketplace events exactly once and charges clicks, in one transaction per batch:
 *
 * 1. events by id (`ON CONFLICT DO NOTHING`): redelivery stores nothing twice;
 * 2. the first click of each result (query × opening) in `market_clicks`: only it counts;
 * 3. charges for first sponsored clicks, under the campaigns' row locks (`FOR UPDATE`, in id
 *    order): each is the click's price capped by the bid and what is left of the day's and the
 *    total budget, so concurrent batches can never overspend; a campaign whose total is spent
 *    becomes `exhausted`;
 * 4. the daily counts (impressions, positions, clicks, requests, revenue, spend).
 *
 * Everything is locked in one global order (event ids, click keys, campaign ids, count keys),
 * so concurrent batches queue instead of deadlocking. If the transaction fails nothing of the
 * batch is kept and a retry starts afresh.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../db/open.ts";
import { campaigns, marketClicks, marketEvents, marketStatsDaily } from "../../db/schema.ts";
import { countryCache } from "../country.ts";
import { localTime } from "../local-time.ts";
import { type Scope, scopeId } from "../snapshot/ranking.ts";
import type { ClickEvent, MarketEvent } from "./schema.ts";

const rowsPerInsert = 1000;

export interface StoredMarketEvents {
  inserted: number;
  duplicates: number;
  /** Scopes where a campaign just reached its daily or total budget: republish them now. */
  exhausted: Scope[];
}

export async function storeMarketEvents(
  db: Database,
  batch: readonly MarketEvent[],
): Promise<StoredMarketEvents> {
  if (batch.length === 0) return { inserted: 0, duplicates: 0, exhausted: [] };
  const dayOf = await localDays(db, batch);
  const unique = [...new Map(batch.map((e) => [e.id, e])).values()].sort(byId);
  return db.transaction(async (tx) => {
    const fresh = await insertRows(tx, unique);
    const clicks = await firstClicks(
      tx,
      fresh.filter((e): e is ClickEvent => e.type === "market.click"),
    );
    const { charged, exhausted } = await chargeClicks(tx, clicks, dayOf);
    await addCounts(tx, fresh, new Set(clicks.map((c) => c.id)), charged, dayOf);
    return { inserted: fresh.length, duplicates: batch.length - fresh.length, exhausted };
  });
}

/** The local day of each event, in its country's time zone (UTC for an unknown country). */
async function localDays(db: Database, batch: readonly MarketEvent[]) {
  const settings = countryCache(db);
  const zones = new Map<string, string>();
  for (const code of new Set(batch.map((e) => e.country))) {
    zones.set(code, (await settings(code))?.timezone ?? "UTC");
  }
  return (e: MarketEvent) => localTime(new Date(e.ts), zones.get(e.country) ?? "UTC").day;
}

async function insertRows(tx: Database, events: MarketEvent[]): Promise<MarketEvent[]> {
  const inserted = new Set<string>();
  for (let i = 0; i < events.length; i += rowsPerInsert) {
    const rows = events.slice(i, i + rowsPerInsert).map((e) => ({
      id: e.id,
      type: e.type,
      at: new Date(e.ts),
      country: e.country,
      category: e.category,
      queryId: e.queryId,
      ...(e.type === "market.search"
        ? { results: e.results }
        : {
            provider: e.provider,
            opening: e.opening,
            campaign: e.campaign,
            position: e.position,
            sponsored: e.sponsored,
            cpcMinor: e.cpcMinor,
            valueMinor: e.type === "market.request" ? e.valueMinor : null,
          }),
    }));
    const done = await tx
      .insert(marketEvents)
      .values(rows)
      .onConflictDoNothing()
      .returning({ id: marketEvents.id });
    for (const { id } of done) inserted.add(id);
  }
  return events.filter((e) => inserted.has(e.id));
}

/** The clicks that are the first of their result; later ones are stored but not counted. */
async function firstClicks(tx: Database, clicks: ClickEvent[]): Promise<ClickEvent[]> {
  if (clicks.length === 0) return [];
  const key = (c: ClickEvent) => `${c.queryId}\u0000${c.opening}`;
  // The earliest click of a result goes first, so it is the one kept.
  const ordered = [...clicks].sort(
    (a, b) => compare(key(a), key(b)) || compare(a.ts, b.ts) || byId(a, b),
  );
  const kept = new Set<string>();
  for (let i = 0; i < ordered.length; i += rowsPerInsert) {
    const rows = ordered.slice(i, i + rowsPerInsert).map((c) => ({
      queryId: c.queryId,
      opening: c.opening,
      event: c.id,
      campaign: c.sponsored ? c.campaign : null,
      at: new Date(c.ts),
    }));
    const done = await tx
      .insert(marketClicks)
      .values(rows)
      .onConflictDoNothing()
      .returning({ event: marketClicks.event });
    for (const { event } of done) kept.add(event);
  }
  return clicks.filter((c) => kept.has(c.id)).sort((a, b) => compare(a.ts, b.ts) || byId(a, b));
}

/** Charges first sponsored clicks in time order; see the file comment. */
async function chargeClicks(
  tx: Database,
  clicks: ClickEvent[],
  dayOf: (e: MarketEvent) => string,
): Promise<{ charged: Map<string, number>; exhausted: Scope[] }> {
  const paid = clicks.filter((c) => c.sponsored && c.campaign && c.cpcMinor > 0);
  const charged = new Map<string, number>();
  if (paid.length === 0) return { charged, exhausted: [] };
  const ids = [...new Set(paid.map((c) => c.campaign as string))].sort();
  const locked = await tx
    .select()
    .from(campaigns)
    .where(inArray(campaigns.id, ids))
    .orderBy(asc(campaigns.id))
    .for("update");
  const byId = new Map(locked.map((c) => [c.id, { ...c }]));
  const days = [...new Set(paid.map(dayOf))];
  const t = marketStatsDaily;
  const ledger = await tx
    .select({ campaign: t.campaign, day: t.day, spent: sql<string>`sum(${t.spendMinor})` })
    .from(t)
    .where(and(inArray(t.campaign, ids), inArray(t.day, days)))
    .groupBy(t.campaign, t.day);
  const spentOn = new Map(ledger.map((r) => [`${r.campaign}|${r.day}`, Number(r.spent)]));

  const exhausted = new Map<string, Scope>();
  for (const click of paid) {
    const c = byId.get(click.campaign as string);
    if (!c || c.opening !== click.opening) continue; // not this opening's campaign: never charged
    const day = `${c.id}|${dayOf(click)}`;
    const today = spentOn.get(day) ?? 0;
    const dailyLeft = c.dailyBudgetMinor - today;
    const totalLeft = c.totalBudgetMinor - c.spentMinor;
    const amount = Math.max(0, Math.min(click.cpcMinor, c.maxCpcMinor, dailyLeft, totalLeft));
    if (amount > 0) {
      charged.set(click.id, amount);
      spentOn.set(day, today + amount);
      c.spentMinor += amount;
    }
    if (amount > 0 && (amount === dailyLeft || amount === totalLeft)) {
      const scope = { country: click.country, category: click.category };
      exhausted.set(scopeId(scope), scope);
    }
  }
  for (const c of byId.values()) {
    const before = locked.find((l) => l.id === c.id);
    if (!before || before.spentMinor === c.spentMinor) continue;
    const status = c.spentMinor >= c.totalBudgetMinor ? "exhausted" : c.status;
    await tx
      .update(campaigns)
      .set({ spentMinor: c.spentMinor, status, updatedAt: new Date() })
      .where(eq(campaigns.id, c.id));
  }
  for (const [event, amount] of charged) {
    await tx
      .update(marketClicks)
      .set({ chargedMinor: amount })
      .where(eq(marketClicks.event, event));
  }
  return { charged, exhausted: [...exhausted.values()] };
}

interface Counts {
  provider: string;
  day: string;
  opening: string;
  campaign: string;
  impressions: number;
  positionSum: number;
  clicks: number;
  requests: number;
  revenueMinor: number;
  spendMinor: number;
}

/** Adds the batch's new events to the daily counts, in key order. */
async function addCounts(
  tx: Database,
  fresh: MarketEvent[],
  counted: Set<string>,
  charged: Map<string, number>,
  dayOf: (e: MarketEvent) => string,
): Promise<void> {
  const rows = new Map<string, Counts>();
  const row = (
    e: MarketEvent,
    r: { provider: string; opening: string; campaign: string | null; sponsored: boolean },
  ) => {
    const k = {
      provider: r.provider,
      day: dayOf(e),
      opening: r.opening,
      campaign: r.sponsored && r.campaign ? r.campaign : "",
    };
    const id = `${k.provider}\u0000${k.day}\u0000${k.opening}\u0000${k.campaign}`;
    let counts = rows.get(id);
    if (!counts) {
      counts = {
        ...k,
        impressions: 0,
        positionSum: 0,
        clicks: 0,
        requests: 0,
        revenueMinor: 0,
        spendMinor: 0,
      };
      rows.set(id, counts);
    }
    return counts;
  };
  for (const e of fresh) {
    if (e.type === "market.search") {
      for (const r of e.results) {
        const counts = row(e, r);
        counts.impressions += 1;
        counts.positionSum += r.position;
      }
    } else if (e.type === "market.click") {
      if (!counted.has(e.id)) continue;
      const counts = row(e, e);
      counts.clicks += 1;
      counts.spendMinor += charged.get(e.id) ?? 0;
    } else {
      const counts = row(e, e);
      counts.requests += 1;
      counts.revenueMinor += e.valueMinor;
    }
  }
  const ordered = [...rows.entries()].sort(([a], [b]) => compare(a, b));
  const t = marketStatsDaily;
  for (let i = 0; i < ordered.length; i += rowsPerInsert) {
    await tx
      .insert(t)
      .values(ordered.slice(i, i + rowsPerInsert).map(([, counts]) => counts))
      .onConflictDoUpdate({
        target: [t.provider, t.day, t.opening, t.campaign],
        set: {
          impressions: sql`${t.impressions} + excluded.impressions`,
          positionSum: sql`${t.positionSum} + excluded.position_sum`,
          clicks: sql`${t.clicks} + excluded.clicks`,
          requests: sql`${t.requests} + excluded.requests`,
          revenueMinor: sql`${t.revenueMinor} + excluded.revenue_minor`,
          spendMinor: sql`${t.spendMinor} + excluded.spend_minor`,
        },
      });
  }
}

/** Code-point order: the one lock order every process agrees on. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byId(a: { id: string }, b: { id: string }): number {
  return compare(a.id, b.id);
}
