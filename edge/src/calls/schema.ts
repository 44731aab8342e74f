/** The call-control webhook body, SPEC §4. */
import { z } from "zod";

const e164 = /^\+\d{8,15}$/;
const shortCode = /^\d{2,6}$/;
const keyedDigits = /^[0-9*#]{1,32}$/;
const numberMessage = "must be E.164 (+ and 8–15 digits) or a short code (2–6 digits)";
const KINDS = ["mobile", "pbx"] as const;
const DIRECTIONS = ["inbound", "outbound"] as const;
const DIAL_STATUSES = ["answered", "busy", "no_answer", "failed", "unreachable"] as const;

const isPhoneNumber = (s: string) => e164.test(s) || shortCode.test(s);
const phoneNumber = z.string().refine(isPhoneNumber, { message: numberMessage });
const isoTimestamp = z.iso.datetime({ offset: true });
/** The same pattern as a bare RegExp, for the hand check below (zod's safeParse costs ~1 µs). */
const isoTimestampPattern = z.regexes.datetime({ offset: true });

const event = z.discriminatedUnion("type", [
  z.object({ type: z.literal("start") }),
  z.object({
    type: z.literal("digits"),
    digits: z.string().regex(keyedDigits, "must be 1–32 of 0-9, * and #"),
  }),
  z.object({ type: z.literal("no_input") }),
  z.object({
    type: z.literal("dial_result"),
    status: z.enum(DIAL_STATUSES),
  }),
  z.object({ type: z.literal("queue_poll") }),
  z.object({ type: z.literal("prompt_done") }),
  z.object({
    type: z.literal("recording_done"),
    url: z.string().optional(),
    durationSec: z.number().nonnegative().optional(),
  }),
  z.object({ type: z.literal("hangup"), cause: z.string().optional() }),
]);

export const callRequest = z.object({
  callId: z.string().min(1).max(128),
  kind: z.enum(KINDS),
  from: z.union([z.literal("anonymous"), phoneNumber], {
    message: `${numberMessage}, or "anonymous"`,
  }),
  to: phoneNumber,
  direction: z.enum(DIRECTIONS),
  event,
  // A carrier may echo the null state of a finished call; it means the same as none.
  state: z.string().min(1).nullish(),
  timestamp: isoTimestamp.optional(),
});

export type CallRequest = z.infer<typeof callRequest>;

export interface BodyIssue {
  path: string;
  message: string;
}

export type ParsedCall =
  | { ok: true; call: CallRequest }
  | { ok: false; message: string; issues: BodyIssue[] };

/** Parses the raw body; a failure names every field that is wrong. */
export function parseCall(raw: string): ParsedCall {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    return {
      ok: false,
      message: "The body is not JSON.",
      issues: [{ path: "", message: error instanceof Error ? error.message : String(error) }],
    };
  }
  const call = wellFormedCall(json);
  if (call) return { ok: true, call };
  const parsed = callRequest.safeParse(json);
  if (parsed.success) return { ok: true, call: parsed.data };
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
  const fields = [...new Set(issues.map((i) => i.path || "(body)"))].join(", ");
  return { ok: false, message: `Invalid call webhook body: check ${fields}.`, issues };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isOneOf = <T extends string>(v: unknown, options: readonly T[]): v is T =>
  options.includes(v as T);

/**
 * The body a carrier normally sends, checked by hand: what zod's `callRequest` gives for it,
 * or undefined for anything else (zod then decides and names what is wrong). zod's generic
 * walk cost ~40 µs per webhook; this accepts only bodies zod accepts, and strips unknown keys
 * as zod does (schema.test.ts compares the two on generated bodies).
 */
export function wellFormedCall(json: unknown): CallRequest | undefined {
  if (!isObject(json)) return undefined;
  const { callId, kind, from, to, direction, state, timestamp } = json;
  if (typeof callId !== "string" || callId.length < 1 || callId.length > 128) return undefined;
  if (!isOneOf(kind, KINDS) || !isOneOf(direction, DIRECTIONS)) return undefined;
  if (typeof from !== "string" || !(from === "anonymous" || isPhoneNumber(from))) return undefined;
  if (typeof to !== "string" || !isPhoneNumber(to)) return undefined;
  if (!(state === undefined || state === null || (typeof state === "string" && state.length > 0))) {
    return undefined;
  }
  if (
    timestamp !== undefined &&
    !(typeof timestamp === "string" && isoTimestampPattern.test(timestamp))
  ) {
    return undefined;
  }
  const event = wellFormedEvent(json.event);
  if (!event) return undefined;
  const call: CallRequest = { callId, kind, from, to, direction, event };
  if (state !== undefined) call.state = state;
  if (timestamp !== undefined) call.timestamp = timestamp as string;
  return call;
}

function wellFormedEvent(event: unknown): CallRequest["event"] | undefined {
  if (!isObject(event)) return undefined;
  switch (event.type) {
    case "start":
    case "no_input":
    case "queue_poll":
    case "prompt_done":
      return { type: event.type };
    case "digits":
      return typeof event.digits === "string" && keyedDigits.test(event.digits)
        ? { type: "digits", digits: event.digits }
        : undefined;
    case "dial_result":
      return isOneOf(event.status, DIAL_STATUSES)
        ? { type: "dial_result", status: event.status }
        : undefined;
    default:
      // recording_done and hangup carry optional fields: zod's strip keeps them exact.
      return undefined;
  }
}
