/**
 * One subscriber's settings, as the control plane imports them (CSV / NDJSON rows) and as
 * `encodeSubscriberShard` takes them. Unlike a rule file, a row has no source text, so every
 * check (days, times, time zones) is part of the schema itself.
 */
import { z } from "zod";
import { E164Schema, TimezoneSchema } from "../../schema.ts";
import { isTimeZone, parseDays, parseInterval } from "../../week.ts";
import { NoAnswerTimeoutSchema } from "../mobile-plan/schema.ts";

export const BlockEntrySchema = z
  .string()
  .regex(
    /^(\+[1-9][0-9]{7,14}|\+[1-9][0-9]{0,14}\*)$/,
    "expected an E.164 number, or a prefix ending in * like +46900*",
  )
  .describe("an E.164 number (exact) or a prefix ending in * (every number starting with it)");

export const DoNotDisturbSchema = z
  .strictObject({
    weekly: z
      .record(z.string(), z.array(z.string()))
      .describe("day (mon..sun) or day range (mon-fri) → intervals when do-not-disturb is on"),
    timezone: TimezoneSchema.optional().describe("defaults to the plan's time zone"),
  })
  .check((ctx) => {
    const { weekly, timezone } = ctx.value;
    const issue = (path: (string | number)[], message: string) =>
      ctx.issues.push({ code: "custom", input: ctx.value, path, message });
    if (timezone !== undefined && !isTimeZone(timezone)) {
      issue(
        ["timezone"],
        `unknown time zone "${timezone}"; use an IANA name like Europe/Stockholm`,
      );
    }
    for (const [day, intervals] of Object.entries(weekly)) {
      if (parseDays(day) === null) {
        issue(["weekly", day], `"${day}" is not a day (mon..sun) or a day range like mon-fri`);
      }
      intervals.forEach((text, i) => {
        const interval = parseInterval(text);
        if (typeof interval === "string") {
          issue(
            ["weekly", day, i],
            `"${text}" is not a time range HH:MM-HH:MM (an end may be 24:00)`,
          );
        }
      });
    }
  });

const target = E164Schema.optional();

export const SubscriberSettingsSchema = z.strictObject({
  number: E164Schema.describe("the subscriber's number"),
  forwarding: z
    .strictObject({
      unconditional: target.describe("every inbound call goes here"),
      busy: target,
      noAnswer: target,
      unreachable: target,
    })
    .optional()
    .describe("targets for this subscriber; the plan's defaults fill the ones left out"),
  noAnswerTimeoutSec: NoAnswerTimeoutSchema.optional().describe("defaults to the plan's"),
  dnd: DoNotDisturbSchema.optional(),
  blocklist: z.array(BlockEntrySchema).max(200).optional(),
});

export type SubscriberSettings = z.input<typeof SubscriberSettingsSchema>;
