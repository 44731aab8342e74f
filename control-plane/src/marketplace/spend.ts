import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/open.ts";
import { type campaigns, marketStatsDaily } from "../db/schema.ts";
import { localTime } from "./local-time.ts";
import { type Pacing, pace } from "./pacing.ts";

type Campaign = typeof campaigns.$inferSelect;

/** What each campaign has spent on one local day (its ledger rows in market_stats_daily). */
export async function spentOn(
  db: Database,
  ids: readonly string[],
  day: string,
): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const t = marketStatsDaily;
  const rows = await db
    .select({ campaign: t.campaign, spent: sql<string>`sum(${t.spendMinor})` })
    .from(t)
    .where(and(inArray(t.campaign, [...ids]), eq(t.day, day)))
    .groupBy(t.campaign);
  return new Map(rows.map((r) => [r.campaign, Number(r.spent)]));
}

export interface PacedCampaign {
  campaign: Campaign;
  spentTodayMinor: number;
  pacing: Pacing;
}

/** Today's spend and pacing of campaigns of one country (one time zone). */
export async function paceCampaigns(
  db: Database,
  list: readonly Campaign[],
  now: Date,
  timeZone: string,
): Promise<PacedCampaign[]> {
  const today = localTime(now, timeZone).day;
  const spent = await spentOn(
    db,
    list.map((c) => c.id),
    today,
  );
  return list.map((campaign) => {
    const spentTodayMinor = spent.get(campaign.id) ?? 0;
    return { campaign, spentTodayMinor, pacing: pace(campaign, now, timeZone, spentTodayMinor) };
  });
}
