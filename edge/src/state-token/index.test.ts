import { describe, expect, it } from "vitest";
import { type CallState, readState, signState } from "./index.ts";

const state: CallState = {
  bundle: "ab".repeat(32),
  node: 3,
  retry: 1,
  callId: "c-7f3a",
  did: "+46812345678",
};
const expected = { callId: state.callId, did: state.did };

describe("the continuation token", () => {
  it("gives back exactly what was signed", async () => {
    const token = signState("secret", state);
    expect(readState("secret", token, expected)).toEqual({ ok: true, state });
  });

  it("is refused under another secret", async () => {
    const token = signState("secret", state);
    expect(readState("rotated", token, expected)).toMatchObject({
      ok: false,
      code: "state_invalid",
    });
  });

  it("is refused for another number than it was issued for", async () => {
    const token = signState("secret", state);
    const check = readState("secret", token, { ...expected, did: "+46800000000" });
    expect(check).toMatchObject({ ok: false, code: "state_wrong_call" });
  });

  it("expires an hour after it was issued", async () => {
    const issued = Date.UTC(2026, 10, 21, 10);
    const token = signState("secret", state, issued);
    expect(readState("secret", token, expected, issued + 3_599_000).ok).toBe(true);
    expect(readState("secret", token, expected, issued + 3_600_000)).toMatchObject({
      ok: false,
      code: "state_expired",
    });
  });

  it.each(["", "abc", "a.b.c", "!!!.???", `${"x".repeat(40)}.`])(
    "refuses %j without throwing",
    async (token) => {
      expect(readState("secret", token, expected)).toMatchObject({
        ok: false,
        code: "state_invalid",
      });
    },
  );
});
