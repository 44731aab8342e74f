/**
 * Scenario files (`<rule>.scenarios.yaml`): calls to a Pbx written as the events a carrier
 * would send (SPEC §4 event objects, `type` spelled `event`), each with what the engine must
 * answer. Expected actions are partial: only the fields written are compared.
 */
import { z } from "zod";

export const ScenarioCode = {
  invalidValue: "SB5001",
  unknownField: "SB5002",
  missingField: "SB5003",
  unknownNode: "SB5010",
  duplicateName: "SB5011",
  missingCaller: "SB5012",
  numberNotRouted: "SB5013",
  noRuleFile: "SB5020",
} as const;

const dialable = /^(\+[1-9][0-9]{7,14}|[0-9]{2,6})$/;
const Caller = z
  .string()
  .regex(
    /^(anonymous|\+[1-9][0-9]{7,14}|[0-9]{2,6})$/,
    "expected an E.164 number, a 2–6 digit short code or anonymous",
  );
const Called = z
  .string()
  .regex(dialable, "expected an E.164 number ('+' and 8–15 digits) or a 2–6 digit short code");
export const Instant = z
  .string()
  .regex(
    /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/,
    "expected an ISO time with its offset, like 2026-11-25T10:00:00+01:00",
  )
  .refine((text) => !Number.isNaN(Date.parse(text)), "not a real date and time");

const PartialPrompt = z.strictObject({
  audio: z.string().optional(),
  tts: z.string().optional(),
  language: z.string().optional(),
});
const int = z.int().min(0);
/** One expected action: `type` and any of that action's fields (SPEC §4). */
export const PartialActionSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("connect"),
    to: z.array(z.string()).optional(),
    strategy: z.enum(["simultaneous", "sequential"]).optional(),
    timeoutSec: int.optional(),
    callerId: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal("play"),
    prompt: PartialPrompt.optional(),
    loop: int.optional(),
  }),
  z.strictObject({
    type: z.literal("gather"),
    prompt: PartialPrompt.optional(),
    maxDigits: int.optional(),
    timeoutSec: int.optional(),
    finishOnKey: z.string().optional(),
  }),
  z.strictObject({
    type: z.literal("enqueue"),
    queue: z.string().optional(),
    position: int.optional(),
    holdPrompt: PartialPrompt.optional(),
    pollSec: int.optional(),
  }),
  z.strictObject({
    type: z.literal("voicemail"),
    mailbox: z.string().optional(),
    greeting: PartialPrompt.optional(),
    maxSec: int.optional(),
  }),
  z.strictObject({
    type: z.literal("reject"),
    reason: z.enum(["busy", "rejected", "unavailable"]).optional(),
  }),
  z.strictObject({ type: z.literal("hangup") }),
]);

export const ExpectSchema = z.strictObject({
  node: z.string().min(1).optional().describe("the node that answered (meta.node)"),
  done: z.boolean().optional().describe("true: the call needs no further answer"),
  retry: int.optional().describe("the retry counter the call carries on"),
  actions: z.array(PartialActionSchema).optional().describe("exactly these actions, in order"),
});

const expect = ExpectSchema.optional();
export const StepSchema = z.discriminatedUnion("event", [
  z.strictObject({
    event: z.literal("digits"),
    digits: z.string().regex(/^[0-9*#]{1,32}$/, "expected 1–32 keys of 0-9, * and #"),
    expect,
  }),
  z.strictObject({
    event: z.literal("dial_result"),
    status: z.enum(["answered", "busy", "no_answer", "failed", "unreachable"]),
    expect,
  }),
  z.strictObject({
    event: z.enum([
      "start",
      "no_input",
      "queue_poll",
      "prompt_done",
      "recording_done",
      "hangup",
      "queue_timeout",
    ]),
    expect,
  }),
]);

const CallSchema = z.strictObject({
  at: Instant.optional().describe("when the call happens; default 2026-01-05T12:00:00Z"),
  from: Caller.optional(),
  to: Called.optional().describe("default: the Pbx's first number"),
});

export const ScenarioSchema = CallSchema.extend({
  name: z.string().min(1),
  steps: z.array(StepSchema).min(1),
});

export const ScenarioFileSchema = z.strictObject({
  rules: z.string().min(1).optional().describe("the rule file, relative to this file"),
  defaults: CallSchema.optional(),
  scenarios: z.array(ScenarioSchema).min(1),
});

export type ScenarioFile = z.output<typeof ScenarioFileSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioStep = z.output<typeof StepSchema>;
export type Expectation = z.output<typeof ExpectSchema>;

/** A Monday noon, so a file without `at` still runs the same on every machine. */
export const DEFAULT_AT = "2026-01-05T12:00:00Z";
