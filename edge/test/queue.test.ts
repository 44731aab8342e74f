import { beforeEach, describe, expect, it } from "vitest";
import { AGENTS, at, publishQueue } from "./queue-pbx.ts";
import { CARRIER, registerCarrier } from "./webhook.ts";

beforeEach(() => registerCarrier(CARRIER.id, [CARRIER.secret]));

const [A1, A2, A3] = AGENTS;
const HOLD = { audio: "https://cdn.example/hold.mp3" };
const poll = { type: "queue_poll" } as const;
const start = { type: "start" } as const;

function held(position: number) {
  return { type: "enqueue", queue: "sales", position, holdPrompt: HOLD, pollSec: 10 };
}
function ringing(...to: string[]) {
  return { type: "connect", to, strategy: "simultaneous", timeoutSec: 20 };
}

describe("callers waiting in a queue", () => {
  it("hear their place in line, and the head is connected when an agent is free", async () => {
    const pbx = await publishQueue({ announcePosition: true });
    for (const agent of AGENTS) await pbx.agent(agent, "offline");
    const [first, second, third] = [pbx.call(), pbx.call(), pbx.call()];

    const one = await first.send(start, { timestamp: at(0) });
    expect(one.actions).toEqual([
      { type: "play", prompt: { tts: "You are number 1 in the queue.", language: "en-GB" } },
      held(1),
    ]);
    expect(one.state).toEqual(expect.any(String));
    expect(one.meta).toMatchObject({ node: "line", fallback: false });
    expect((await second.send(start, { timestamp: at(1) })).actions[1]).toEqual(held(2));
    expect((await third.send(start, { timestamp: at(2) })).actions[1]).toEqual(held(3));

    await pbx.agent(A2, "available", 5);
    // One agent is free: it goes to the head, not to the caller who polls first.
    expect((await second.send(poll, { timestamp: at(10) })).actions[1]).toEqual(held(2));
    expect((await first.send(poll, { timestamp: at(11) })).actions).toEqual([ringing(A2)]);
    expect((await second.send(poll, { timestamp: at(12) })).actions[1]).toEqual(held(1));
    expect((await third.send(poll, { timestamp: at(12) })).actions[1]).toEqual(held(2));
  });

  it("move up when a caller ahead hangs up", async () => {
    const pbx = await publishQueue();
    for (const agent of AGENTS) await pbx.agent(agent, "busy");
    const calls = [pbx.call(), pbx.call(), pbx.call()];
    for (const [i, call] of calls.entries()) await call.send(start, { timestamp: at(i) });

    const gone = await calls[0]?.send(
      { type: "hangup", cause: "normal_clearing" },
      { timestamp: at(5) },
    );
    expect(gone?.actions).toEqual([]);
    expect(gone?.state).toBeNull();
    expect((await calls[2]?.send(poll, { timestamp: at(10) }))?.actions).toEqual([held(2)]);
    expect((await calls[1]?.send(poll, { timestamp: at(10) }))?.actions).toEqual([held(1)]);
  });

  it("go to the queue's onTimeout node after maxWaitSec, by the calls' own timestamps", async () => {
    const pbx = await publishQueue({ maxWaitSec: 90 });
    for (const agent of AGENTS) await pbx.agent(agent, "offline");
    const call = pbx.call();
    await call.send(start, { timestamp: at(0) });
    expect((await call.send(poll, { timestamp: at(60) })).actions).toEqual([held(1)]);
    const timedOut = await call.send(poll, { timestamp: at(90) });
    expect(timedOut.actions).toEqual([{ type: "voicemail", mailbox: "sales", maxSec: 120 }]);
    expect(timedOut.meta.node).toBe("mailbox");
  });

  it("are connected at once when an agent is already free", async () => {
    const pbx = await publishQueue({ strategy: "round_robin" });
    const answer = await pbx.call().send(start, { timestamp: at(0) });
    expect(answer.actions).toEqual([ringing(A1)]);
    expect(answer.meta.node).toBe("line");
  });

  it("hear the position in the PBX's language", async () => {
    const pbx = await publishQueue({ announcePosition: true, language: "sv-SE" });
    for (const agent of AGENTS) await pbx.agent(agent, "offline");
    const answer = await pbx.call().send(start, { timestamp: at(0) });
    expect(answer.actions[0]).toEqual({
      type: "play",
      prompt: { tts: "Du är nummer 1 i kön.", language: "sv-SE" },
    });
  });
});

describe("queue strategies", () => {
  it("ring_all rings every free agent at once", async () => {
    const pbx = await publishQueue({ strategy: "ring_all" });
    await pbx.agent(A2, "offline");
    const first = pbx.call();
    expect((await first.send(start, { timestamp: at(0) })).actions).toEqual([ringing(A1, A3)]);
    // Both are ringing for the head: the next caller waits.
    expect((await pbx.call().send(start, { timestamp: at(1) })).actions).toEqual([held(1)]);
  });

  it("round_robin takes the next free agent after the one rung last", async () => {
    const pbx = await publishQueue({ strategy: "round_robin" });
    const [a, b, c, d] = [pbx.call(), pbx.call(), pbx.call(), pbx.call()];
    expect((await a.send(start, { timestamp: at(0) })).actions).toEqual([ringing(A1)]);
    const bridged = await a.send({ type: "dial_result", status: "answered" }, { timestamp: at(3) });
    expect(bridged.actions).toEqual([]);
    expect(bridged.state).toEqual(expect.any(String));
    expect((await b.send(start, { timestamp: at(5) })).actions).toEqual([ringing(A2)]);
    await b.send({ type: "dial_result", status: "answered" }, { timestamp: at(8) });
    // A1 is free again, but A3 comes after A2; then the cursor wraps round to A1.
    await a.send({ type: "hangup" }, { timestamp: at(20) });
    expect((await c.send(start, { timestamp: at(21) })).actions).toEqual([ringing(A3)]);
    await c.send({ type: "dial_result", status: "answered" }, { timestamp: at(22) });
    expect((await d.send(start, { timestamp: at(23) })).actions).toEqual([ringing(A1)]);
  });

  it("longest_idle takes the free agent whose last call ended longest ago", async () => {
    const pbx = await publishQueue({ strategy: "longest_idle" });
    const [a, b, c, d] = [pbx.call(), pbx.call(), pbx.call(), pbx.call()];
    expect((await a.send(start, { timestamp: at(0) })).actions).toEqual([ringing(A1)]);
    await a.send({ type: "dial_result", status: "answered" }, { timestamp: at(1) });
    expect((await b.send(start, { timestamp: at(2) })).actions).toEqual([ringing(A2)]);
    await b.send({ type: "dial_result", status: "answered" }, { timestamp: at(3) });
    await b.send({ type: "hangup" }, { timestamp: at(30) });
    await a.send({ type: "hangup" }, { timestamp: at(60) });
    // A3 never had a call, A2 ended at 30 s, A1 at 60 s.
    expect((await c.send(start, { timestamp: at(61) })).actions).toEqual([ringing(A3)]);
    await c.send({ type: "dial_result", status: "answered" }, { timestamp: at(62) });
    expect((await d.send(start, { timestamp: at(63) })).actions).toEqual([ringing(A2)]);
  });
});

describe("a dial result for a queue's offer", () => {
  it("puts the caller back at the head and rests the agent that did not answer", async () => {
    const pbx = await publishQueue({ strategy: "round_robin" });
    await pbx.agent(A3, "offline");
    const [first, second] = [pbx.call(), pbx.call()];
    expect((await first.send(start, { timestamp: at(0) })).actions).toEqual([ringing(A1)]);
    expect((await second.send(start, { timestamp: at(1) })).actions).toEqual([ringing(A2)]);
    // A1 was busy: the caller is offered no one (A2 rings for the other), and holds first in line.
    const busy = await first.send({ type: "dial_result", status: "busy" }, { timestamp: at(5) });
    expect(busy.actions).toEqual([held(1)]);
    await second.send({ type: "dial_result", status: "no_answer" }, { timestamp: at(25) });
    // A1 rests 30 s after its busy answer, so the head holds until then.
    expect((await first.send(poll, { timestamp: at(30) })).actions).toEqual([held(1)]);
    expect((await first.send(poll, { timestamp: at(36) })).actions).toEqual([ringing(A1)]);
  });

  it("keeps the bridged call's state so its hangup frees the agent", async () => {
    const pbx = await publishQueue({ strategy: "round_robin" });
    await pbx.agent(A2, "offline");
    await pbx.agent(A3, "offline");
    const first = pbx.call();
    await first.send(start, { timestamp: at(0) });
    await first.send({ type: "dial_result", status: "answered" }, { timestamp: at(2) });
    const second = pbx.call();
    expect((await second.send(start, { timestamp: at(3) })).actions).toEqual([held(1)]);
    const done = await first.send({ type: "hangup" }, { timestamp: at(40) });
    expect(done.state).toBeNull();
    expect((await second.send(poll, { timestamp: at(41) })).actions).toEqual([ringing(A1)]);
  });
});
