/** Every event and action of SPEC §4, end to end through the Worker, on one PBX. */
import { beforeEach, describe, expect, it } from "vitest";
import { pointNumber, storeBundle } from "./store.ts";
import { CARRIER, callTo, newNumber, registerCarrier } from "./webhook.ts";

beforeEach(() => registerCarrier(CARRIER.id, [CARRIER.secret]));

function deskSource(number: string): string {
  return `apiVersion: switchboard/v1
kind: Pbx
metadata: { name: desk, tenant: acme }
spec:
  country: SE
  timezone: Europe/Stockholm
  language: en-GB
  numbers: ["${number}"]
  entry: welcome
  nodes:
    welcome: { type: play, prompt: { audio: "https://cdn.example/chime.mp3" }, loop: 2, next: extension }
    extension:
      type: menu
      prompt: { tts: "Dial an extension, then hash." }
      maxDigits: 4
      finishOnKey: "#"
      timeoutSec: 8
      retries: 1
      options: { "1001": desk, "1002": sales }
      onNoInput: goodbye
    desk:
      type: connect
      to: ["+46701111111", "+46702222222"]
      strategy: sequential
      timeoutSec: 25
      callerId: "${number}"
      onNoAnswer: mailbox
      onFailed: sorry
    sales: { type: connect, to: ["+46703333333"], onBusy: mailbox }
    mailbox:
      type: voicemail
      mailbox: desk
      greeting: { tts: "Leave a message." }
      maxSec: 60
    sorry: { type: play, prompt: { tts: "Nobody can take your call." } }
    goodbye: { type: hangup }
`;
}

async function desk() {
  const number = newNumber();
  const { hash } = await storeBundle(deskSource(number));
  await pointNumber(number, hash);
  return number;
}

describe("every action", () => {
  it("play with loop, gather with finishOnKey, connect with strategy and callerId", async () => {
    const number = await desk();
    const call = callTo(number);
    const start = await call.send({ type: "start" });
    expect(start.actions).toEqual([
      { type: "play", prompt: { audio: "https://cdn.example/chime.mp3" }, loop: 2 },
      {
        type: "gather",
        prompt: { tts: "Dial an extension, then hash.", language: "en-GB" },
        maxDigits: 4,
        timeoutSec: 8,
        finishOnKey: "#",
      },
    ]);
    const connect = await call.send({ type: "digits", digits: "1001" });
    expect(connect.actions).toEqual([
      {
        type: "connect",
        to: ["+46701111111", "+46702222222"],
        strategy: "sequential",
        timeoutSec: 25,
        callerId: number,
      },
    ]);
  });

  it("voicemail with its greeting after no answer, then recording_done ends the call", async () => {
    const call = callTo(await desk());
    await call.send({ type: "start" });
    await call.send({ type: "digits", digits: "1001" });
    const voicemail = await call.send({ type: "dial_result", status: "no_answer" });
    expect(voicemail.actions).toEqual([
      {
        type: "voicemail",
        mailbox: "desk",
        greeting: { tts: "Leave a message.", language: "en-GB" },
        maxSec: 60,
      },
    ]);
    const done = await call.send({
      type: "recording_done",
      url: "https://carrier.example/r/9.wav",
      durationSec: 31,
    });
    expect(done.actions).toEqual([{ type: "hangup" }]);
    expect(done.state).toBeNull();
  });
});

describe("every dial_result status", () => {
  it.each([
    ["answered", [], null],
    ["busy", [{ type: "voicemail" }], "mailbox"],
    ["no_answer", [{ type: "voicemail" }], "mailbox"],
    ["failed", [{ type: "play" }, { type: "hangup" }], "sorry"],
    ["unreachable", [{ type: "play" }, { type: "hangup" }], "sorry"],
  ])("%s", async (status, actions, node) => {
    const call = callTo(await desk());
    await call.send({ type: "start" });
    // 1001 has onNoAnswer and onFailed; busy falls back to onFailed… except on 1002.
    await call.send({ type: "digits", digits: status === "busy" ? "1002" : "1001" });
    const answer = await call.send({ type: "dial_result", status });
    expect(answer.actions).toMatchObject(actions);
    if (node) expect(answer.meta.node).toBe(node);
    if (status === "answered") expect(answer.state).toBeNull();
  });
});

describe("the other events", () => {
  it("prompt_done and queue_poll repeat the waiting node; no_input retries, then moves on", async () => {
    const call = callTo(await desk());
    const start = await call.send({ type: "start" });
    const gather = start.actions[1];
    expect((await call.send({ type: "prompt_done" })).actions).toEqual([gather]);
    expect((await call.send({ type: "queue_poll" })).actions).toEqual([gather]);
    expect((await call.send({ type: "no_input" })).actions).toEqual([gather]);
    const gone = await call.send({ type: "no_input" });
    expect(gone.actions).toEqual([{ type: "hangup" }]);
    expect(gone.meta.node).toBe("goodbye");
  });

  it("hangup with a cause ends the call with no actions", async () => {
    const call = callTo(await desk());
    await call.send({ type: "start" });
    const done = await call.send({ type: "hangup", cause: "caller_hung_up" });
    expect(done.actions).toEqual([]);
    expect(done.state).toBeNull();
  });
});
