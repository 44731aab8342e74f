import { describe, expect, it } from "vitest";
import { withBulk } from "./index.ts";

describe("withBulk", () => {
  it("reports a failed write only after the writes under way have landed", async () => {
    const landed: string[] = [];
    let releaseSlow: () => void = () => {};
    const slow = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    const store = withBulk({
      async put(key) {
        if (key === "did/+46812345678") {
          await slow;
          landed.push(key);
          return;
        }
        throw new Error("KV unavailable");
      },
      async delete() {},
    });

    let settled = false;
    const writing = store
      .putMany([
        ["did/+46812345678", "v2"],
        ["did/+46812345679", "v2"],
      ])
      .finally(() => {
        settled = true;
      });
    await new Promise((resolve) => setTimeout(resolve, 0));
    // The second write failed, but the first is still on its way: no answer yet.
    expect(settled).toBe(false);

    releaseSlow();
    await expect(writing).rejects.toThrow("KV unavailable");
    expect(landed).toEqual(["did/+46812345678"]);
  });

  it("starts no new write after a failure", async () => {
    const started: string[] = [];
    const store = withBulk({
      async put(key) {
        started.push(key);
        if (key === "k0") throw new Error("KV unavailable");
      },
      async delete() {},
    });
    // One worker per entry up to 16: with 40 entries, 16 start at once and no more after k0 fails.
    const entries = Array.from({ length: 40 }, (_, i) => [`k${i}`, "v"] as const);
    await expect(store.putMany(entries)).rejects.toThrow("KV unavailable");
    expect(started.length).toBeLessThan(40);
  });
});
