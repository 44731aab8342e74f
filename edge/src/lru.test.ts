import { describe, expect, it } from "vitest";
import { Lru } from "./lru.ts";

describe("Lru", () => {
  it("forgets the least recently used entry first", () => {
    const lru = new Lru<string, number>(3);
    lru.set("a", 1);
    lru.set("b", 2);
    lru.set("c", 3);
    expect(lru.get("a")).toBe(1);
    lru.set("d", 4);
    expect(lru.get("b")).toBeUndefined();
    expect([lru.get("a"), lru.get("c"), lru.get("d")]).toEqual([1, 3, 4]);
  });

  it("keeps a key that keeps being read while others come and go", () => {
    const lru = new Lru<string, number>(100);
    lru.set("hot", 0);
    for (let i = 0; i < 10_000; i++) {
      lru.set(`cold-${i}`, i);
      if (i % 40 === 0) expect(lru.get("hot"), `after ${i} insertions`).toBe(0);
    }
    expect(lru.get("cold-9899")).toBeUndefined();
    expect(lru.get("cold-9999")).toBe(9999);
  });

  it("counts weights, and keeps the newest entry even when it alone is too heavy", () => {
    const lru = new Lru<string, number>(10, (n) => n);
    lru.set("a", 4);
    lru.set("b", 4);
    lru.set("c", 4);
    expect([lru.get("a"), lru.get("b"), lru.get("c")]).toEqual([undefined, 4, 4]);
    lru.set("huge", 50);
    expect([lru.get("b"), lru.get("c"), lru.get("huge")]).toEqual([undefined, undefined, 50]);
    lru.set("huge", 2);
    lru.set("d", 8);
    expect([lru.get("huge"), lru.get("d")]).toEqual([2, 8]);
  });

  it("marks a key recent when it is set again", () => {
    const lru = new Lru<string, number>(3);
    lru.set("a", 1);
    lru.set("b", 2);
    lru.set("c", 3);
    lru.set("a", 1);
    lru.set("d", 4);
    expect([lru.get("a"), lru.get("b"), lru.get("c"), lru.get("d")]).toEqual([1, undefined, 3, 4]);
  });

  it("replaces a key's value and weight", () => {
    const lru = new Lru<string, number>(10, (n) => n);
    lru.set("a", 9);
    lru.set("a", 1);
    lru.set("b", 9);
    expect([lru.get("a"), lru.get("b")]).toEqual([1, 9]);
  });
});
