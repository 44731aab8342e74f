/**
 * `Country` shape: what the edge needs to serve a country, and what it answers when no bundle
 * can run (`fallback`: the Pbx actions that make sense without a call flow).
 *
 * Defaults: no national prefix; fallback reject reason `unavailable`; tts language = the first
 * of `languages`; connect strategy simultaneous, timeoutSec 30; voicemail maxSec 120.
 */
import { z } from "zod";
import {
  CallingCodeSchema,
  ConnectNode,
  CountrySchema,
  DialableSchema,
  HangupNode,
  InlinePromptSchema,
  LanguageSchema,
  PlayNode,
  RejectNode,
  TimezoneSchema,
  VoicemailNode,
} from "../../schema.ts";

export const FallbackActionSchema = z.discriminatedUnion("type", [
  PlayNode.omit({ next: true }).extend({ prompt: InlinePromptSchema }),
  ConnectNode.omit({ onBusy: true, onNoAnswer: true, onFailed: true }),
  VoicemailNode.extend({ greeting: InlinePromptSchema.optional() }),
  RejectNode.extend({
    reason: z.enum(["busy", "rejected", "unavailable"]).default("unavailable"),
  }),
  HangupNode,
]);

export const CountrySpecSchema = z.strictObject({
  callingCode: CallingCodeSchema,
  nationalPrefix: z
    .string()
    .regex(/^[0-9]{1,3}$/, 'expected 1–3 digits, like "0"')
    .optional()
    .describe("trunk prefix of national numbers; leave out when the country has none"),
  emergencyNumbers: z
    .array(DialableSchema)
    .min(1)
    .max(8)
    .describe("always connected, before any rule; the first is the main one"),
  timezone: TimezoneSchema,
  languages: z.array(LanguageSchema).min(1).max(8).describe("the first is the default"),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "expected an ISO 4217 currency code like SEK")
    .describe("ISO 4217"),
  dataRegion: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,15}$/, "expected a lowercase region id like eu")
    .describe("where the country's data lives, e.g. eu"),
  fallback: z
    .array(FallbackActionSchema)
    .min(1)
    .max(4)
    .describe("the answer when no bundle can run; the last action ends the call"),
});

export const CountryFileSchema = z.strictObject({
  apiVersion: z.literal("switchboard/v1"),
  kind: z.literal("Country"),
  metadata: z.strictObject({ name: CountrySchema.describe("the ISO 3166-1 alpha-2 code") }),
  spec: CountrySpecSchema,
});

export type CountryFile = z.output<typeof CountryFileSchema>;
export type FallbackAction = z.output<typeof FallbackActionSchema>;
