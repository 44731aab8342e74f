import { z } from "@hono/zod-openapi";
import { Slug } from "../../router.ts";
import { Money, SearchState } from "../fields.ts";
import { weekdays } from "../local-time.ts";

const Hours = z
  .string()
  .regex(
    /^([01]\d|2[0-3]):[0-5]\d-(([01]\d|2[0-3]):[0-5]\d|24:00)$/,
    'use "HH:MM-HH:MM" in the country\'s local time, e.g. "08:00-18:00"',
  )
  .refine((h) => {
    const [from, to] = h.split("-").map(minutesOf);
    return (from as number) < (to as number);
  }, "the hours must end after they start (use 24:00 for midnight)")
  .openapi({ example: "08:00-18:00" });

export const Schedule = z
  .object({
    start: z.iso
      .datetime({ offset: true })
      .optional()
      .openapi({ description: "when the campaign may start spending; default now" }),
    end: z.iso
      .datetime({ offset: true })
      .nullable()
      .optional()
      .openapi({ description: "when it stops; null or absent: until the budget is spent" }),
    weekdays: z
      .array(z.enum(weekdays))
      .min(1, "name at least one weekday")
      .refine((d) => new Set(d).size === d.length, "a weekday is listed twice")
      .optional()
      .openapi({ description: "days it runs, local time; default every day" }),
    hours: Hours.optional().openapi({ description: "hours of each day it runs; default all day" }),
  })
  .openapi("CampaignSchedule");

const fields = {
  name: z.string().trim().min(1).max(120).nullable().openapi({ example: "Advent wreaths" }),
  dailyBudgetMinor: Money("the most it spends in one local day", 1),
  totalBudgetMinor: Money("the most it spends in all", 1),
  maxCpcMinor: Money("the most one click costs (its bid)", 1),
};

export const NewCampaign = z
  .object({
    opening: z.string().min(1).max(64).openapi({ description: "an opening of this provider" }),
    ...fields,
    name: fields.name.optional(),
    currency: z
      .string()
      .optional()
      .openapi({ description: "optional check: must be the provider's country's currency" }),
    schedule: Schedule.optional(),
  })
  .openapi("NewCampaign");

export const CampaignChange = z
  .object({ ...fields, schedule: Schedule })
  .partial()
  .refine((o) => Object.keys(o).length > 0, "send at least one field to change")
  .openapi("CampaignChange");

export const Delivery = z
  .enum([
    "serving",
    "ahead_of_pace",
    "paused",
    "exhausted",
    "daily_budget_spent",
    "not_started",
    "ended",
    "outside_schedule",
    "opening_not_searchable",
  ])
  .openapi({ description: "why the ad is or is not shown right now" });

export const Campaign = z
  .object({
    id: z.string().openapi({ example: "cmp_9a2b7d4e5f603f1c" }),
    provider: z.string(),
    opening: z.string(),
    name: z.string().nullable(),
    currency: z.string(),
    dailyBudgetMinor: z.number().int(),
    totalBudgetMinor: z.number().int(),
    maxCpcMinor: z.number().int(),
    schedule: z.object({
      start: z.string(),
      end: z.string().nullable(),
      weekdays: z.array(z.string()),
      hours: z.string(),
    }),
    status: z.enum(["active", "paused", "exhausted"]),
    spentMinor: z.number().int(),
    remainingMinor: z.number().int(),
    today: z.object({
      day: z.string().openapi({ description: "local day of the provider's country" }),
      spentMinor: z.number().int(),
      remainingMinor: z.number().int(),
    }),
    pacing: z.number().openapi({ description: "0–1; what the next snapshot gives the edge" }),
    delivery: Delivery,
    search: SearchState.openapi({ description: "the opening's search state" }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Campaign");

export const CampaignParams = z.object({
  provider: Slug.openapi({ param: { name: "provider", in: "path" }, example: "florist" }),
  campaign: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "campaign", in: "path" }, example: "cmp_9a2b7d4e5f603f1c" }),
});

export function minutesOf(hhmm: string | undefined): number {
  const [h, m] = (hhmm ?? "").split(":").map(Number);
  return (h as number) * 60 + (m as number);
}

export function hoursText(from: number, to: number): string {
  const text = (m: number) =>
    `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  return `${text(from)}-${text(to)}`;
}
