import { describe, expect, it, vi } from "vitest";
import { recordEvent } from "./record-event.ts";

/** A queue that checks each batch against Cloudflare Queues' limits, as the real one refuses. */
function limitedQueue() {
  const batches: { id: string }[][] = [];
  const queue = {
    send: () => Promise.reject(new Error("recordEvent sends batches")),
    sendBatch: async (messages: Iterable<{ body: { id: string } }>) => {
      const batch = [...messages].map((m) => m.body);
      const bytes = new TextEncoder().encode(JSON.stringify(batch)).length;
      if (batch.length > 100 || bytes > 256 * 1024) {
        throw new Error(`batch of ${batch.length} messages, ${bytes} bytes`);
      }
      batches.push(batch);
    },
  } as unknown as Queue;
  return { queue, batches };
}

describe("recorded events", () => {
  it("reach the queue once each, in batches within the queue's limits", async () => {
    const { queue, batches } = limitedQueue();
    const work: Promise<unknown>[] = [];
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      // 250 searches' events of ~4 KB (twenty impressions each): by count alone 3 batches of
      // 100 would be ~400 KB each.
      const padding = "x".repeat(4000);
      for (let i = 0; i < 250; i++) {
        recordEvent(queue, (w) => work.push(w), { id: `e-${i}`, padding } as { id: string });
      }
      await Promise.all(work);
    } finally {
      log.mockRestore();
    }
    const ids = batches.flat().map((event) => event.id);
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    expect(batches.length).toBeGreaterThan(1);
  });
});

describe("log lines", () => {
  it("print once per batch, one event's JSON per line, and at once when no queue can take them", async () => {
    const { queue, batches } = limitedQueue();
    const work: Promise<unknown>[] = [];
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      for (let i = 0; i < 5; i++) recordEvent(queue, (w) => work.push(w), { id: `e-${i}` });
      expect(log).not.toHaveBeenCalled();
      await Promise.all(work);
      expect(batches).toHaveLength(1);
      expect(log).toHaveBeenCalledTimes(1);
      const lines = String(log.mock.calls[0]?.[0]).split("\n");
      expect(lines.map((line) => JSON.parse(line))).toEqual(batches[0]);

      recordEvent(undefined as unknown as Queue, (w) => work.push(w), { id: "no-queue" });
      expect(log).toHaveBeenLastCalledWith(JSON.stringify({ id: "no-queue" }));
      expect(String(error.mock.calls[0]?.[0])).toContain("no-queue");
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  });
});
