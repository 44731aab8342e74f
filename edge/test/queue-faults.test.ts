import { runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { CallQueue } from "../src/call-queue/index.ts";
import { at, publishQueue } from "./queue-pbx.ts";
import { CARRIER, registerCarrier } from "./webhook.ts";

beforeEach(() => registerCarrier(CARRIER.id, [CARRIER.secret]));

const HOLD = { audio: "https://cdn.example/hold.mp3" };
const unknownPlace = {
  type: "enqueue",
  queue: "sales",
  position: 0,
  holdPrompt: HOLD,
  pollSec: 10,
};

/**
 * Makes the queue's live Durable Object fail: its storage rejects (or never
 * settles) every read and write from now on. RPC cannot reach a patched method,
 * but the object's own storage handle is ours to break.
 */
async function breakQueue(
  pbx: Awaited<ReturnType<typeof publishQueue>>,
  fault: () => Promise<never>,
) {
  await runInDurableObject(pbx.object(), (_queue: CallQueue, state: DurableObjectState) => {
    Object.defineProperty(state.storage, "get", { value: fault });
    Object.defineProperty(state.storage, "put", { value: fault });
  });
}

describe("a queue whose Durable Object fails", () => {
  it("holds the caller with meta.fallback, and still times out by the token's join time", async () => {
    const pbx = await publishQueue({ maxWaitSec: 60, announcePosition: true });
    await breakQueue(pbx, async () => {
      throw new Error("storage unavailable");
    });
    const call = pbx.call();
    const held = await call.send({ type: "start" }, { timestamp: at(0) });
    // Position 0: unknown, so no position is announced either.
    expect(held.actions).toEqual([unknownPlace]);
    expect(held.meta).toMatchObject({ node: "line", fallback: true, reason: "queue_unavailable" });
    expect(held.state).toEqual(expect.any(String));

    const timedOut = await call.send({ type: "queue_poll" }, { timestamp: at(60) });
    expect(timedOut.actions).toEqual([{ type: "voicemail", mailbox: "sales", maxSec: 120 }]);
    expect(timedOut.meta).toMatchObject({ node: "mailbox", fallback: true });

    const other = pbx.call();
    await other.send({ type: "start" }, { timestamp: at(61) });
    const gone = await other.send({ type: "hangup" }, { timestamp: at(62) });
    expect(gone.actions).toEqual([]);
    expect(gone.meta).toMatchObject({ fallback: true, reason: "queue_unavailable" });
  });

  it("answers within the decision budget when the Durable Object hangs", async () => {
    const pbx = await publishQueue();
    await breakQueue(pbx, () => new Promise<never>((_, reject) => setTimeout(reject, 2000)));
    const answer = await pbx.call().send({ type: "start" }, { timestamp: at(0) });
    expect(answer.actions).toEqual([unknownPlace]);
    expect(answer.meta).toMatchObject({ fallback: true, reason: "queue_unavailable" });
  });
});
