import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectAgreesWithZod } from "../../test/hand-check.ts";
import { callRequest, parseCall, wellFormedCall } from "./schema.ts";

// Field values a carrier might send, good and bad, so generated bodies land on both sides.
const anyOf = (...values: unknown[]) => fc.constantFrom(...values);
const body = fc.record(
  {
    callId: fc.oneof(
      anyOf("c-7f3a", "", "x".repeat(128), "x".repeat(129)),
      fc.string(),
      fc.integer(),
    ),
    kind: anyOf("pbx", "mobile", "sip", null),
    from: anyOf("+46701234567", "anonymous", "112", "1", "+46 70", "+4670123456789012", 46),
    to: anyOf("+46812345678", "112", "anonymous", "", "+468123456789"),
    direction: anyOf("inbound", "outbound", "sideways"),
    event: fc.oneof(
      anyOf(
        { type: "start" },
        { type: "start", extra: 1 },
        { type: "no_input" },
        { type: "queue_poll" },
        { type: "prompt_done" },
        { type: "digits", digits: "1" },
        { type: "digits", digits: "12*#" },
        { type: "digits", digits: "" },
        { type: "digits", digits: "1a" },
        { type: "digits" },
        { type: "dial_result", status: "busy" },
        { type: "dial_result", status: "maybe" },
        { type: "recording_done", url: "https://x", durationSec: 3 },
        { type: "hangup", cause: "normal" },
        { type: "ring" },
        "start",
        null,
      ),
    ),
    state: anyOf("tok", "", null, 7),
    timestamp: anyOf(
      "2026-11-21T10:00:00Z",
      "2026-11-21T10:00:00.123+01:00",
      "2026-02-30T10:00:00Z",
      "2026-11-21 10:00",
      "yesterday",
    ),
    unknown: anyOf("kept out", 1),
  },
  { requiredKeys: [] },
);

describe("the webhook body check", () => {
  it("takes the hand-checked path only for bodies zod accepts, with zod's exact result", () => {
    expectAgreesWithZod(body, wellFormedCall, callRequest);
  });

  it("takes it for the usual start and digits bodies", () => {
    const start = {
      callId: "c-7f3a",
      kind: "pbx",
      from: "+46701234567",
      to: "+46812345678",
      direction: "inbound",
      event: { type: "start" },
      timestamp: "2026-11-21T10:00:00Z",
    };
    expect(wellFormedCall(start)).toStrictEqual(start);
    const digits = { ...start, event: { type: "digits", digits: "1" }, state: "tok" };
    expect(wellFormedCall(digits)).toStrictEqual(digits);
    expect(parseCall(JSON.stringify({ ...digits, extra: true }))).toStrictEqual({
      ok: true,
      call: digits,
    });
  });
});
