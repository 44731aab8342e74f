/**
 * `MobilePlan` shape: what every subscriber of a carrier shares (barring, defaults). The
 * per-subscriber settings are data, not a rule file: see ../subscribers/.
 *
 * Defaults: barring.international false, no premium prefixes, noAnswerTimeoutSec 20, no
 * voicemail number, no default forwarding.
 */
import { z } from "zod";
import {
  CallingCodeSchema,
  CountrySchema,
  E164Schema,
  MetadataSchema,
  seconds,
  TimezoneSchema,
} from "../../schema.ts";

export const PrefixSchema = z
  .string()
  .regex(/^\+[1-9][0-9]{0,14}$/, "expected '+' and digits, like +46900");

export const NoAnswerTimeoutSchema = seconds(5, 120);

const ForwardTargetSchema = z
  .string()
  .regex(/^(\+[1-9][0-9]{7,14}|voicemail)$/, "expected an E.164 number or `voicemail`")
  .describe("an E.164 number, or `voicemail`: the plan's voicemail number");

export const MobilePlanSpecSchema = z.strictObject({
  country: CountrySchema,
  callingCode: CallingCodeSchema,
  timezone: TimezoneSchema.describe("the plan's time zone (subscribers' default)"),
  barring: z
    .strictObject({
      international: z.boolean().default(false).describe("bar outbound calls outside the country"),
      premiumPrefixes: z
        .array(PrefixSchema)
        .max(100)
        .default([])
        .describe("outbound calls to numbers starting with these are barred"),
    })
    .prefault({}),
  defaults: z
    .strictObject({
      noAnswerTimeoutSec: NoAnswerTimeoutSchema.default(20),
      voicemail: E164Schema.optional().describe("the carrier's voicemail number"),
      forwarding: z
        .strictObject({
          busy: ForwardTargetSchema.optional(),
          noAnswer: ForwardTargetSchema.optional(),
          unreachable: ForwardTargetSchema.optional(),
        })
        .default({})
        .describe("targets for subscribers who set none"),
    })
    .prefault({}),
});

export const MobilePlanFileSchema = z.strictObject({
  apiVersion: z.literal("switchboard/v1"),
  kind: z.literal("MobilePlan"),
  metadata: MetadataSchema,
  spec: MobilePlanSpecSchema,
});

export type MobilePlanFile = z.output<typeof MobilePlanFileSchema>;
