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
