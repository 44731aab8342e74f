import { describe, expect, it } from "vitest";
import { rangeOf } from "./range.tsx";

describe("rangeOf", () => {
  it("takes the asked days, else the 14 days up to today", () => {
    expect(rangeOf({ from: "2026-11-01", to: "2026-11-05" })).toEqual({
      from: "2026-11-01",
      to: "2026-11-05",
    });
    expect(rangeOf({}, "2026-11-27")).toEqual({ from: "2026-11-14", to: "2026-11-27" });
  });

  it("ends on the local day a marketplace page passes, even when UTC is a day behind", () => {
    // 23:30 UTC on the 27th is the 28th in Stockholm: the provider's events count on the 28th.
    expect(rangeOf({}, "2026-11-28").to).toBe("2026-11-28");
  });

  it("ignores a malformed date", () => {
    expect(rangeOf({ to: "27/11/2026" }, "2026-11-27").to).toBe("2026-11-27");
  });
});
