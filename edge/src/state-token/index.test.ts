import { describe, expect, it } from "vitest";
import { signToken } from "../signed-token.ts";
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

  it("refuses a genuinely signed token whose payload is not a call state", () => {
    const good = { v: 1, b: "a".repeat(64), n: 1, r: 0, c: "c-1", d: "+46812345678", e: 2e9 };
    const opened = readState("secret", signToken("secret", good), { callId: "c-1", did: good.d });
    expect(opened.ok).toBe(true);
    for (const bad of [
      { ...good, v: 2 },
      { ...good, b: "A".repeat(64) },
      { ...good, n: -1 },
      { ...good, r: 0.5 },
      { ...good, c: 7 },
      { ...good, e: "2000000000" },
      { ...good, q: -5 },
      [good],
    ]) {
      const check = readState("secret", signToken("secret", bad), { callId: "c-1", did: good.d });
      expect(check, JSON.stringify(bad)).toMatchObject({ ok: false, code: "state_invalid" });
    }
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
