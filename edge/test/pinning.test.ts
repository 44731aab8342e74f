import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { bucketOf } from "../src/bundle-store/index.ts";
import { signState } from "../src/state-token/index.ts";
import { floristSource, pointNumber, publishFlorist, storeBundle } from "./store.ts";
import { CARRIER, callTo, errorOf, newCallId, postCall, registerCarrier } from "./webhook.ts";

beforeEach(() => registerCarrier(CARRIER.id, [CARRIER.secret]));

describe("the continuation token", () => {
  it("pins the call to its bundle after the number is pointed at a new one", async () => {
    const v1 = await publishFlorist("Version one");
    const call = callTo(v1.number);
    expect((await call.send({ type: "start" })).meta.bundle).toBe(v1.hash);

    const v2 = await storeBundle(floristSource(v1.number, "Version two"));
    await pointNumber(v1.number, v2.hash, 2);
    // New calls move to version two as soon as the pointer cache lets go…
    await vi.waitFor(
      async () => {
        expect((await callTo(v1.number).send({ type: "start" })).meta.bundle).toBe(v2.hash);
      },
      { timeout: 3_000, interval: 250 },
    );
    // …while the call in progress stays on version one.
    const retry = await call.send({ type: "no_input" });
    expect(retry.meta.bundle).toBe(v1.hash);
    expect(retry.actions[0]).toMatchObject({
      type: "gather",
      prompt: { tts: "Version one. Press 1 for the shop." },
    });
  });

  it("refuses a token from another call", async () => {
    const { number } = await publishFlorist();
    const first = callTo(number);
    await first.send({ type: "start" });
    const response = await postCall({
      callId: newCallId(),
      kind: "pbx",
      from: "+46701234567",
      to: number,
      direction: "inbound",
      event: { type: "digits", digits: "1" },
      state: first.state,
    });
    expect((await errorOf(response, 400)).code).toBe("state_wrong_call");
  });

  it("refuses a token that was changed, expired, or is missing", async () => {
    const { number, hash } = await publishFlorist();
    const call = callTo(number);
    await call.send({ type: "start" });
    const mid = (state: string | undefined) =>
      postCall({
        callId: call.callId,
        kind: "pbx",
        from: "+46701234567",
        to: number,
        direction: "inbound",
        event: { type: "no_input" },
        ...(state === undefined ? {} : { state }),
      });
    const [body, mac] = (call.state ?? "").split(".");
    const tampered = `${body}x.${mac}`;
    expect((await errorOf(await mid(tampered), 400)).code).toBe("state_invalid");

    const twoHoursAgo = Date.now() - 2 * 3600_000;
    const expired = signState(
      env.STATE_SECRET,
      { bundle: hash, node: 1, retry: 0, callId: call.callId, did: number },
      twoHoursAgo,
    );
    expect((await errorOf(await mid(expired), 400)).code).toBe("state_expired");

    const missing = await errorOf(await mid(undefined), 400);
    expect(missing.code).toBe("state_required");
    expect(missing.issues?.[0]?.path).toBe("state");
  });
});

describe("a canary", () => {
  it("takes its share of new calls, chosen by call id so a retried start agrees", async () => {
    const stable = await publishFlorist("Stable");
    const canary = await storeBundle(floristSource(stable.number, "Canary"));
    await pointNumber(stable.number, stable.hash, 1, {
      bundle: canary.hash,
      version: 2,
      percent: 30,
    });
    const ids = Array.from({ length: 100 }, (_, i) => `canary-probe-${i}`);
    const inCanary = ids.find((id) => bucketOf(id) < 30) ?? "";
    const inStable = ids.find((id) => bucketOf(id) >= 30) ?? "";

    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await callTo(stable.number, inCanary).send({ type: "start" })).meta.bundle).toBe(
        canary.hash,
      );
      expect((await callTo(stable.number, inStable).send({ type: "start" })).meta.bundle).toBe(
        stable.hash,
      );
    }
  });
});
