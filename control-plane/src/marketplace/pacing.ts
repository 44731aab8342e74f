/**
 * Pacing: how eagerly a campaign's ad may be shown right now, 0–1 (0 = not at all). The edge
 * multiplies an ad's auction score by it, and drops ads at 0. docs/marketplace.md, "Pacing".
 *
 * The day's budget B is spread evenly over the day's scheduled minutes [from, to): by minute m
 * the campaign should have spent target(m) = B × (m − from) / (to − from). Looking one hour
 * (h) ahead, the factor is how much of the next hour's share the campaign may still spend:
 *
 *   factor = clamp((target(now + h) − spentToday) / (B × h / (to − from)), 0, 1)
 *
 * On or behind target it is 1; a full hour ahead of target it is 0 and the ad waits for the
 * target to catch up. Spend by any minute therefore stays under target(now + h) plus what one
 * republish interval of traffic can add, and never above B (charges are capped, too).
 */
import type { CampaignStatus } from "../db/schema.ts";
import { type LocalTime, localTime } from "./local-time.ts";

export interface CampaignPlan {
  status: CampaignStatus;
  dailyBudgetMinor: number;
  totalBudgetMinor: number;
  /** Charged so far, over the campaign's life. */
  spentMinor: number;
  startsAt: Date;
  endsAt: Date | null;
  weekdays: readonly string[];
  dayFromMin: number;
  dayToMin: number;
}

/** Why a campaign is (not) being shown now; what a provider sees beside the factor. */
export type Delivery =
  | "serving"
  | "ahead_of_pace"
  | "paused"
  | "exhausted"
  | "daily_budget_spent"
  | "not_started"
  | "ended"
  | "outside_schedule";

export interface Pacing {
  factor: number;
  delivery: Delivery;
  /** The local day whose budget applies. */
  day: string;
}

/** The look-ahead h of the formula, in minutes (shorter when the day's schedule is). */
export const lookAheadMinutes = 60;

/** The scheduled part of a local day, [from, to) in local minutes; null when none. */
export function scheduledWindow(
  plan: CampaignPlan,
  local: LocalTime,
  timeZone: string,
): { from: number; to: number } | null {
  if (!plan.weekdays.includes(local.weekday)) return null;
  let from = plan.dayFromMin;
  let to = plan.dayToMin;
  const start = localTime(plan.startsAt, timeZone);
  if (start.day > local.day) return null;
  if (start.day === local.day) from = Math.max(from, start.minute);
  if (plan.endsAt) {
    const end = localTime(plan.endsAt, timeZone);
    if (end.day < local.day) return null;
    if (end.day === local.day) to = Math.min(to, end.minute);
  }
  return from < to ? { from, to } : null;
}

export function pace(
  plan: CampaignPlan,
  now: Date,
  timeZone: string,
  spentTodayMinor: number,
): Pacing {
  const local = localTime(now, timeZone);
  const off = (delivery: Delivery): Pacing => ({ factor: 0, delivery, day: local.day });
  if (plan.status === "paused") return off("paused");
  const totalLeft = plan.totalBudgetMinor - plan.spentMinor;
  if (plan.status === "exhausted" || totalLeft <= 0) return off("exhausted");
  if (now < plan.startsAt) return off("not_started");
  if (plan.endsAt && now >= plan.endsAt) return off("ended");
  const window = scheduledWindow(plan, local, timeZone);
  const minute = local.minute + now.getUTCSeconds() / 60;
  if (!window || minute < window.from || minute >= window.to) return off("outside_schedule");

  const budget = Math.min(plan.dailyBudgetMinor, totalLeft + spentTodayMinor);
  if (spentTodayMinor >= budget) return off("daily_budget_spent");
  const length = window.to - window.from;
  const horizon = Math.min(lookAheadMinutes, length);
  const target = budget * Math.min(1, (minute + horizon - window.from) / length);
  const share = (budget * horizon) / length;
  const factor = Math.round(clamp((target - spentTodayMinor) / share) * 1000) / 1000;
  return { factor, delivery: factor > 0 ? "serving" : "ahead_of_pace", day: local.day };
}

function clamp(x: number): number {
  return Math.max(0, Math.min(1, x));
}
