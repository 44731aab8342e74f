/** The call-control webhook body, SPEC §4. */
import { z } from "zod";

const e164 = /^\+\d{8,15}$/;
const shortCode = /^\d{2,6}$/;
const numberMessage = "must be E.164 (+ and 8–15 digits) or a short code (2–6 digits)";

const phoneNumber = z
  .string()
  .refine((s) => e164.test(s) || shortCode.test(s), { message: numberMessage });

const event = z.discriminatedUnion("type", [
  z.object({ type: z.literal("start") }),
  z.object({
    type: z.literal("digits"),
    digits: z.string().regex(/^[0-9*#]{1,32}$/, "must be 1–32 of 0-9, * and #"),
  }),
  z.object({ type: z.literal("no_input") }),
  z.object({
    type: z.literal("dial_result"),
    status: z.enum(["answered", "busy", "no_answer", "failed", "unreachable"]),
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
  kind: z.enum(["mobile", "pbx"]),
  from: z.union([z.literal("anonymous"), phoneNumber], {
    message: `${numberMessage}, or "anonymous"`,
  }),
  to: phoneNumber,
  direction: z.enum(["inbound", "outbound"]),
  event,
  // A carrier may echo the null state of a finished call; it means the same as none.
  state: z.string().min(1).nullish(),
  timestamp: z.iso.datetime({ offset: true }).optional(),
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
  const parsed = callRequest.safeParse(json);
  if (parsed.success) return { ok: true, call: parsed.data };
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
  const fields = [...new Set(issues.map((i) => i.path || "(body)"))].join(", ");
  return { ok: false, message: `Invalid call webhook body: check ${fields}.`, issues };
}
