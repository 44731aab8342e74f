import { describe, expect, it } from "vitest";
import { Budget, BudgetSpent } from "./budget.ts";

describe("Budget", () => {
  it("gives up on a read that never answers", async () => {
    const never = new Promise<string>(() => {});
    await expect(new Budget(20, 20).race(never, "pointer read")).rejects.toThrow(BudgetSpent);
  });

  it("passes a read that answers in time through, value or error", async () => {
    const budget = new Budget(1_000, 1_000);
    await expect(budget.race(Promise.resolve("bundle"), "bundle read")).resolves.toBe("bundle");
    await expect(budget.race(Promise.reject(new Error("KV down")), "read")).rejects.toThrow(
      "KV down",
    );
  });

  it("has nothing left for a read once the total is spent", async () => {
    const budget = new Budget(0, 1_000);
    await expect(budget.race(new Promise(() => {}), "late read")).rejects.toThrow(
      /late read took longer than 0 ms/,
    );
  });
});
