import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { signState } from "../src/state-token/index.ts";
import { floristSource, pointNumber, publishFlorist, storeBundle } from "./store.ts";
import { CARRIER, callTo, newNumber, registerCarrier } from "./webhook.ts";

beforeEach(() => registerCarrier(CARRIER.id, [CARRIER.secret]));

describe("faults", () => {
  it("answers a corrupt bundle with a safe fallback, not a 5xx", async () => {
    const number = newNumber();
    const source = floristSource(number);
    const { hash, bytes } = await storeBundle(source);
    const corrupt = bytes.slice();
    corrupt[40] = (corrupt[40] ?? 0) ^ 0xff;
    await storeBundle(source, corrupt);
    await pointNumber(number, hash);

    const answer = await callTo(number).send({ type: "start" });
    expect(answer.actions).toEqual([{ type: "reject", reason: "unavailable" }]);
    expect(answer.state).toBeNull();
    expect(answer.meta).toMatchObject({ fallback: true, reason: "bundle_corrupt" });
  });

  it("answers a missing bundle from the last bundle that worked for the number", async () => {
    const good = await publishFlorist("Still here");
    await callTo(good.number).send({ type: "start" });
    await pointNumber(good.number, "0".repeat(64), 2);
    await vi.waitFor(
      async () => {
        const answer = await callTo(good.number).send({ type: "start" });
        expect(answer.meta).toMatchObject({
          bundle: good.hash,
          fallback: true,
          reason: "bundle_missing",
        });
        expect(answer.actions[0]).toMatchObject({ type: "gather" });
      },
      { timeout: 3_000, interval: 250 },
    );
  });

  it("answers an unreadable pointer with a safe fallback", async () => {
    const number = newNumber();
    await env.EDGE_KV.put(`did/${number}`, "{not json");
    const answer = await callTo(number).send({ type: "start" });
    expect(answer.meta).toMatchObject({ fallback: true, reason: "pointer_invalid" });
  });

  it("answers a mid-call event whose bundle is gone from the number's last good bundle", async () => {
    const good = await publishFlorist();
    await callTo(good.number).send({ type: "start" });
    const call = callTo(good.number);
    const state = pinnedToMissingBundle(call.callId, good.number);
    const answer = await call.send({ type: "no_input" }, { state });
    // The last good bundle takes the call from its entry: the menu again.
    expect(answer.meta).toMatchObject({
      bundle: good.hash,
      fallback: true,
      reason: "bundle_missing",
    });
    expect(answer.actions[0]).toMatchObject({ type: "gather" });
  });

  it("ends a call with no actions when the caller hangs up and its bundle is gone", async () => {
    const number = newNumber();
    const call = callTo(number);
    const state = pinnedToMissingBundle(call.callId, number);
    const answer = await call.send({ type: "hangup" }, { state });
    expect(answer.actions).toEqual([]);
    expect(answer.state).toBeNull();
    expect(answer.meta).toMatchObject({ bundle: null, fallback: true, reason: "bundle_missing" });
  });
});

/** A genuine token for a call pinned to a bundle the edge store does not hold. */
function pinnedToMissingBundle(callId: string, did: string): string {
  return signState(env.STATE_SECRET, { bundle: "1".repeat(64), node: 0, retry: 0, callId, did });
}
