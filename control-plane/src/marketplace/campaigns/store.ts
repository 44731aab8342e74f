import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Database } from "../../db/open.ts";
import { campaigns } from "../../db/schema.ts";
import { ApiError, type Issue } from "../../error.ts";
import type { SearchState } from "../fields.ts";
import { weekdays } from "../local-time.ts";
import type { OpeningRow } from "../openings/store.ts";
import type { ProviderRow } from "../providers/store.ts";
import type { PacedCampaign } from "../spend.ts";
import { hoursText, minutesOf, type Schedule } from "./schemas.ts";

export type CampaignRow = typeof campaigns.$inferSelect;
type Columns = Pick<
  CampaignRow,
  | "dailyBudgetMinor"
  | "totalBudgetMinor"
  | "maxCpcMinor"
  | "startsAt"
  | "endsAt"
  | "weekdays"
  | "dayFromMin"
  | "dayToMin"
>;

export async function requireCampaign(
  db: Database,
  provider: string,
  id: string,
  lock = false,
): Promise<CampaignRow> {
  const query = db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.provider, provider), eq(campaigns.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new ApiError(404, "not_found", `provider ${provider} has no campaign ${id}`);
  return row;
}

/** A schedule (all or part of one) over the current columns; defaults for a new campaign. */
export function scheduleColumns(
  schedule: z.infer<typeof Schedule> | undefined,
  current: Pick<Columns, "startsAt" | "endsAt" | "weekdays" | "dayFromMin" | "dayToMin"> | null,
  now: Date,
) {
  const [from, to] = schedule?.hours?.split("-").map(minutesOf) ?? [];
  return {
    startsAt: schedule?.start ? new Date(schedule.start) : (current?.startsAt ?? now),
    endsAt:
      schedule?.end !== undefined
        ? schedule.end === null
          ? null
          : new Date(schedule.end)
        : (current?.endsAt ?? null),
    weekdays: schedule?.weekdays ?? current?.weekdays ?? [...weekdays],
    dayFromMin: from ?? current?.dayFromMin ?? 0,
    dayToMin: to ?? current?.dayToMin ?? 1440,
  };
}

/** Rules across fields, checked on the merged campaign: 422 naming each field at fault. */
export function assertConsistent(c: Columns): void {
  const issues: Issue[] = [];
  if (c.maxCpcMinor > c.dailyBudgetMinor) {
    issues.push({
      path: "maxCpcMinor",
      message: `a click may cost at most the daily budget (${c.dailyBudgetMinor})`,
    });
  }
  if (c.endsAt && c.endsAt <= c.startsAt) {
    issues.push({ path: "schedule.end", message: "the campaign must end after it starts" });
  }
  if (issues.length > 0) {
    const message = issues.map((i) => `${i.path}: ${i.message}`).join("; ");
    throw new ApiError(422, "invalid_request", message, issues);
  }
}

export function presentCampaign(
  paced: PacedCampaign,
  opening: OpeningRow,
  provider: ProviderRow,
  search: SearchState,
) {
  const { campaign: c, pacing, spentTodayMinor } = paced;
  const live = opening.status === "published" && provider.enabled;
  const todayBudget = Math.min(
    c.dailyBudgetMinor,
    c.totalBudgetMinor - c.spentMinor + spentTodayMinor,
  );
  return {
    id: c.id,
    provider: c.provider,
    opening: c.opening,
    name: c.name,
    currency: c.currency,
    dailyBudgetMinor: c.dailyBudgetMinor,
    totalBudgetMinor: c.totalBudgetMinor,
    maxCpcMinor: c.maxCpcMinor,
    schedule: {
      start: c.startsAt.toISOString(),
      end: c.endsAt?.toISOString() ?? null,
      weekdays: c.weekdays,
      hours: hoursText(c.dayFromMin, c.dayToMin),
    },
    status: c.status,
    spentMinor: c.spentMinor,
    remainingMinor: Math.max(0, c.totalBudgetMinor - c.spentMinor),
    today: {
      day: pacing.day,
      spentMinor: spentTodayMinor,
      remainingMinor: Math.max(0, todayBudget - spentTodayMinor),
    },
    pacing: live ? pacing.factor : 0,
    delivery: live ? pacing.delivery : ("opening_not_searchable" as const),
    search,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
