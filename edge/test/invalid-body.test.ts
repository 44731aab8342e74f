import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import { CARRIER, type ErrorAnswer, postCall, registerCarrier } from "./webhook.ts";

const valid = {
  callId: "c-7f3a",
  kind: "pbx",
  from: "+46701234567",
  to: "+46812345678",
  direction: "inbound",
  event: { type: "start" },
};

async function invalid(body: unknown): Promise<ErrorAnswer["error"]> {
  const response = await postCall(body);
  expect(response.status).toBe(400);
  expect(response.headers.get("server-timing")).toContain("total;dur=");
  const { error } = (await response.json()) as ErrorAnswer;
  expect(error.code).toBe("invalid_body");
  return error;
}

beforeEach(() => registerCarrier(CARRIER.id, [CARRIER.secret]));

describe("an invalid webhook body", () => {
  it.each([
    ["to", { ...valid, to: "12345678901234567" }],
    ["to", { ...valid, to: "anonymous" }],
    ["from", { ...valid, from: "+46 70 123" }],
    ["kind", { ...valid, kind: "sip" }],
    ["direction", { ...valid, direction: "sideways" }],
    ["callId", { ...valid, callId: "" }],
    ["event.type", { ...valid, event: { type: "ring" } }],
    ["event.digits", { ...valid, event: { type: "digits", digits: "12a" } }],
    ["event.status", { ...valid, event: { type: "dial_result", status: "maybe" } }],
    ["timestamp", { ...valid, timestamp: "yesterday" }],
  ])("names %s", async (field, body) => {
    const error = await invalid(body);
    expect(error.issues?.map((i) => i.path)).toContain(field);
    expect(error.message).toContain(field);
  });

  it("names every missing field", async () => {
    const error = await invalid({ callId: "c-1" });
    expect(error.issues?.map((i) => i.path)).toEqual(
      expect.arrayContaining(["kind", "from", "to", "direction", "event"]),
    );
  });

  it("says so when the body is not JSON", async () => {
    const error = await invalid("callId=c-1&kind=pbx");
    expect(error.message).toMatch(/not JSON/);
  });

  it("accepts a short code, an anonymous caller and an offset timestamp", async () => {
    const response = await postCall({
      ...valid,
      from: "anonymous",
      to: "112",
      timestamp: "2026-11-21T11:00:00+01:00",
    });
    expect(response.status).toBe(200);
  });
});

describe("any body at all", () => {
  it("gets a 200 or a 4xx with a JSON error, never a 5xx", async () => {
    const number = fc.oneof(
      fc.constantFrom("+46701234567", "112", "anonymous", "", "+4670123456789012345"),
      fc.string({ maxLength: 20 }),
    );
    const event = fc.record(
      {
        type: fc.constantFrom(
          "start",
          "digits",
          "no_input",
          "dial_result",
          "queue_poll",
          "prompt_done",
          "recording_done",
          "hangup",
          "ring",
        ),
        digits: fc.oneof(fc.string({ maxLength: 40 }), fc.integer()),
        status: fc.constantFrom("answered", "busy", "maybe"),
        url: fc.anything(),
        durationSec: fc.oneof(fc.integer(), fc.double()),
      },
      { requiredKeys: ["type"] },
    );
    const body = fc.oneof(
      fc.record(
        {
          callId: fc.oneof(fc.string({ maxLength: 140 }), fc.integer()),
          kind: fc.constantFrom("pbx", "mobile", "sip"),
          from: number,
          to: number,
          direction: fc.constantFrom("inbound", "outbound", "up"),
          event,
          state: fc.oneof(fc.constant(null), fc.string({ maxLength: 40 })),
          timestamp: fc.oneof(fc.constant("2026-11-21T10:00:00Z"), fc.string({ maxLength: 30 })),
        },
        { requiredKeys: [] },
      ),
      fc.jsonValue(),
      fc.string({ maxLength: 60 }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const response = await postCall(typeof value === "string" ? value : JSON.stringify(value));
        expect(response.status).toBeLessThan(500);
        const json = (await response.json()) as { actions?: unknown; error?: { code?: unknown } };
        if (response.status === 200) expect(Array.isArray(json.actions)).toBe(true);
        else expect(typeof json.error?.code).toBe("string");
      }),
      { numRuns: 150 },
    );
  });
});
