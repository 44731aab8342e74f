import { beforeEach, describe, expect, it } from "vitest";
import { CLOSED, pointNumber, publishFlorist, storeBundle } from "./store.ts";
import { CARRIER, callTo, newCallId, newNumber, postCall, registerCarrier } from "./webhook.ts";

beforeEach(() => registerCarrier(CARRIER.id, [CARRIER.secret]));

describe("a PBX call", () => {
  it("is greeted by the menu inside opening hours", async () => {
    const { number, hash } = await publishFlorist();
    const answer = await callTo(number).send({ type: "start" });
    expect(answer.actions).toEqual([
      {
        type: "gather",
        prompt: { tts: "Welcome to the flower shop. Press 1 for the shop.", language: "en-GB" },
        maxDigits: 1,
        timeoutSec: 5,
      },
    ]);
    expect(answer.state).toEqual(expect.any(String));
    expect(answer.meta).toEqual({
      bundle: hash,
      node: "main_menu",
      region: "LOCAL",
      decisionUs: expect.any(Number),
      fallback: false,
    });
  });

  it("hears the closed announcement outside opening hours, and the call ends", async () => {
    const { number } = await publishFlorist();
    const answer = await callTo(number).send({ type: "start" }, { timestamp: CLOSED });
    expect(answer.actions).toEqual([
      { type: "play", prompt: { tts: "We are closed.", language: "en-GB" } },
      { type: "hangup" },
    ]);
    expect(answer.state).toBeNull();
    expect(answer.meta.node).toBe("closed");
  });

  it("walks menu → shop → busy → voicemail → recording → done", async () => {
    const { number } = await publishFlorist();
    const call = callTo(number);
    await call.send({ type: "start" });

    const connect = await call.send({ type: "digits", digits: "1" });
    expect(connect.actions).toEqual([
      { type: "connect", to: ["+46701111111"], strategy: "simultaneous", timeoutSec: 20 },
    ]);
    expect(connect.meta.node).toBe("shop");

    const voicemail = await call.send({ type: "dial_result", status: "busy" });
    expect(voicemail.actions).toEqual([{ type: "voicemail", mailbox: "shop", maxSec: 120 }]);
    expect(voicemail.meta.node).toBe("mailbox");

    const done = await call.send({
      type: "recording_done",
      url: "https://carrier.example/rec/1.wav",
      durationSec: 12,
    });
    expect(done.actions).toEqual([{ type: "hangup" }]);
    expect(done.state).toBeNull();
  });

  it("repeats the menu on a key it does not know", async () => {
    const { number } = await publishFlorist();
    const call = callTo(number);
    await call.send({ type: "start" });
    const again = await call.send({ type: "digits", digits: "7" });
    expect(again.actions[0]).toMatchObject({ type: "gather", maxDigits: 1 });
    expect(again.meta.node).toBe("main_menu");
  });

  it("ends with no actions when the caller hangs up mid-menu", async () => {
    const { number } = await publishFlorist();
    const call = callTo(number);
    await call.send({ type: "start" });
    const done = await call.send({ type: "hangup", cause: "normal_clearing" });
    expect(done.actions).toEqual([]);
    expect(done.state).toBeNull();
  });

  it("repeats the waiting node's actions on an event it does not route", async () => {
    const { number } = await publishFlorist();
    const call = callTo(number);
    const first = await call.send({ type: "start" });
    const again = await call.send({ type: "prompt_done" });
    expect(again.actions).toEqual(first.actions);
    expect(again.meta.node).toBe("main_menu");
  });

  it("answers from the published example rule file", async () => {
    const { default: example } = await import("../../rules/examples/florist.yaml?raw");
    const number = newNumber();
    const { hash } = await storeBundle(example.replace("+46812345678", number));
    await pointNumber(number, hash);
    const answer = await callTo(number).send({ type: "start" });
    expect(answer.actions[0]).toMatchObject({ type: "gather", maxDigits: 1 });
    expect(answer.meta.node).toBe("main_menu");
  });

  it("carries Server-Timing with storage, engine and total", async () => {
    const { number } = await publishFlorist();
    const body = {
      callId: newCallId(),
      kind: "pbx",
      from: "anonymous",
      to: number,
      direction: "inbound",
      event: { type: "start" },
    };
    const timing = (await postCall(body)).headers.get("server-timing") ?? "";
    for (const metric of ["kv;dur=", "bundle;dur=", "engine;dur=", "total;dur="]) {
      expect(timing).toContain(metric);
    }
  });
});

describe("numbers without rules", () => {
  it("rejects a call to an unknown number as unavailable", async () => {
    const answer = await callTo(newNumber()).send({ type: "start" });
    expect(answer.actions).toEqual([{ type: "reject", reason: "unavailable" }]);
    expect(answer.state).toBeNull();
    expect(answer.meta).toMatchObject({ bundle: null, fallback: false, reason: "unknown_number" });
  });

  it("rejects a mobile call to a number without subscriber data as unavailable", async () => {
    const { number } = await publishFlorist();
    const answer = await callTo(number).send({ type: "start" }, { kind: "mobile" });
    expect(answer.actions).toEqual([{ type: "reject", reason: "unavailable" }]);
    expect(answer.meta).toMatchObject({ fallback: false, reason: "unknown_subscriber" });
  });
});
