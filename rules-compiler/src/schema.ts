/**
 * Pass 2 (shape): zod schemas of a Pbx rule file, and the pieces every kind shares (the other
 * kinds' schemas are in kinds/<kind>/schema.ts). They check one value at a time; everything that
 * compares values (references, loops, times, duplicates) is check.ts. The same schemas later
 * generate the editors' JSON Schema, so every object is strict and every default lives here.
 *
 * Defaults (a field left out means):
 * - menu: timeoutSec 5, retries 2, maxDigits = the longest option key, finishOnKey "#" when
 *   maxDigits > 1 and no key uses "#" (applied in lower.ts: it depends on the options)
 * - connect: strategy simultaneous, timeoutSec 30
 * - play: loop 0 (played once), no next (the call hangs up after the prompt)
 * - voicemail: maxSec 120 · reject: reason rejected
 * - queue: strategy ring_all, maxWaitSec 300, announcePosition false
 * - schedule: timezone of the Pbx · tts prompt: language of the Pbx
 */
import { z } from "zod";

export const KINDS = ["Pbx", "MobilePlan", "Country", "Ranking"] as const;
export type Kind = (typeof KINDS)[number];

export const E164Schema = z
  .string()
  .regex(/^\+[1-9][0-9]{7,14}$/, "expected an E.164 number: '+' and 8–15 digits");
const e164 = E164Schema;
/** A number a caller can dial: E.164, or a short code such as an emergency number. */
export const DialableSchema = z
  .string()
  .regex(/^(\+[1-9][0-9]{7,14}|[0-9]{2,6})$/, "expected an E.164 number or a 2–6 digit short code");
const dialable = DialableSchema;
const id = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
    "expected an id: a letter, then letters, digits, '_' or '-'",
  );
export const SlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "expected lowercase letters, digits, '_' or '-'");
const slug = SlugSchema;
const nodeRef = z.string().min(1).describe("id of a node");
export const seconds = (min: number, max: number) => z.int().min(min).max(max);

export const LanguageSchema = z
  .string()
  .regex(
    /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$/,
    "expected a BCP-47 language tag like en-GB",
  );

export const CountrySchema = z
  .string()
  .regex(/^[A-Z]{2}$/, "expected an ISO 3166-1 alpha-2 country code like SE");

export const CallingCodeSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,2}$/, 'expected calling code digits without "+", like "46"')
  .describe('the country calling code without "+", e.g. "46"');

export const TimezoneSchema = z.string().min(1).describe("IANA time zone, e.g. Europe/Stockholm");

export const InlinePromptSchema = z
  .strictObject({
    audio: z.url({ protocol: /^https?$/, error: "expected an http(s) URL" }).optional(),
    tts: z.string().min(1).max(2000).optional(),
    language: LanguageSchema.optional().describe(
      "defaults to the file's language: a Pbx's `language`, a Country's first of `languages`",
    ),
  })
  .check((ctx) => {
    const { audio, tts, language } = ctx.value;
    if ((audio === undefined) === (tts === undefined)) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        message: "a prompt has exactly one of `audio` (a URL) or `tts` (text to speak)",
      });
    } else if (audio !== undefined && language !== undefined) {
      ctx.issues.push({
        code: "custom",
        input: ctx.value,
        path: ["language"],
        message: "`language` applies to `tts` prompts only",
      });
    }
  });

/** A node's prompt: the id of a named prompt, or a prompt written in place. */
export const PromptSchema = z.union([z.string().min(1), InlinePromptSchema]);

export const ScheduleSchema = z.strictObject({
  weekly: z
    .record(z.string(), z.array(z.string().regex(/^\d\d:\d\d-\d\d:\d\d$/, "expected HH:MM-HH:MM")))
    .default({})
    .describe("day (mon..sun) or day range (mon-fri) → open intervals"),
  holidays: z
    .array(z.string().regex(/^\d{4}-\d\d-\d\d$/, "expected an ISO date YYYY-MM-DD"))
    .default([]),
  timezone: z.string().min(1).optional().describe("IANA time zone; defaults to the Pbx's"),
});

export const QueueSchema = z.strictObject({
  agents: z.array(e164).min(1).max(500),
  strategy: z.enum(["ring_all", "round_robin", "longest_idle"]).default("ring_all"),
  maxWaitSec: seconds(1, 86_400).default(300),
  announcePosition: z.boolean().default(false),
  holdPrompt: PromptSchema.optional(),
  onTimeout: nodeRef.optional(),
});

const ScheduleNode = z.strictObject({
  type: z.literal("schedule"),
  schedule: z.string().min(1),
  open: nodeRef,
  closed: nodeRef,
});
const MenuNode = z.strictObject({
  type: z.literal("menu"),
  prompt: PromptSchema,
  timeoutSec: seconds(1, 60).default(5),
  retries: z.int().min(0).max(10).default(2),
  options: z.record(z.string(), nodeRef),
  onNoInput: nodeRef.optional(),
  onInvalid: nodeRef.optional(),
  maxDigits: z.int().min(1).max(32).optional(),
  finishOnKey: z
    .string()
    .regex(/^[0-9*#]$/, "expected one key of 0-9, * or #")
    .optional(),
});
export const ConnectNode = z.strictObject({
  type: z.literal("connect"),
  to: z.array(e164).min(1).max(10),
  strategy: z.enum(["simultaneous", "sequential"]).default("simultaneous"),
  timeoutSec: seconds(5, 600).default(30),
  callerId: e164.optional(),
  onBusy: nodeRef.optional(),
  onNoAnswer: nodeRef.optional(),
  onFailed: nodeRef.optional(),
});
const QueueNode = z.strictObject({ type: z.literal("queue"), queue: z.string().min(1) });
export const PlayNode = z.strictObject({
  type: z.literal("play"),
  prompt: PromptSchema,
  next: nodeRef.optional(),
  loop: z.int().min(0).max(10).default(0),
});
export const VoicemailNode = z.strictObject({
  type: z.literal("voicemail"),
  mailbox: z.string().min(1).max(64),
  greeting: PromptSchema.optional(),
  maxSec: seconds(5, 600).default(120),
});
export const MatchCaseSchema = z.strictObject({
  when: z.strictObject({
    callerPrefix: z
      .array(z.string().regex(/^\+?[0-9]{1,15}$/, "expected '+' and digits"))
      .optional(),
    callerIn: z.array(dialable).optional(),
    anonymous: z.boolean().optional(),
    calledIn: z.array(dialable).optional(),
  }),
  next: nodeRef,
});
const MatchNode = z.strictObject({
  type: z.literal("match"),
  cases: z.array(MatchCaseSchema).min(1),
  default: nodeRef,
});
export const HangupNode = z.strictObject({ type: z.literal("hangup") });
export const RejectNode = z.strictObject({
  type: z.literal("reject"),
  reason: z.enum(["busy", "rejected", "unavailable"]).default("rejected"),
});

export const NodeSchema = z.discriminatedUnion("type", [
  ScheduleNode,
  MenuNode,
  ConnectNode,
  QueueNode,
  PlayNode,
  VoicemailNode,
  MatchNode,
  HangupNode,
  RejectNode,
]);

export const PbxSpecSchema = z.strictObject({
  country: CountrySchema,
  timezone: TimezoneSchema,
  language: LanguageSchema,
  numbers: z.array(e164).min(1).describe("the DIDs that reach this Pbx"),
  entry: nodeRef,
  schedules: z.record(id, ScheduleSchema).default({}),
  prompts: z.record(id, InlinePromptSchema).default({}),
  queues: z.record(id, QueueSchema).default({}),
  nodes: z.record(id, NodeSchema),
  noDeadEnds: z
    .boolean()
    .default(false)
    .describe(
      "true: the compiler proves every call reaches a person (a connect or a queue); no hangup, reject, voicemail or path that hangs up",
    ),
});

export const MetadataSchema = z.strictObject({ name: slug, tenant: slug });

export const PbxFileSchema = z.strictObject({
  apiVersion: z.literal("switchboard/v1"),
  kind: z.literal("Pbx"),
  metadata: MetadataSchema,
  spec: PbxSpecSchema,
});

export type PbxFile = z.output<typeof PbxFileSchema>;
export type PbxSpec = PbxFile["spec"];
export type PbxNode = z.output<typeof NodeSchema>;
export type Prompt = z.output<typeof PromptSchema>;
export type InlinePrompt = z.output<typeof InlinePromptSchema>;
