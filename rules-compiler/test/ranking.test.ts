import { describe, expect, it } from "vitest";
import { compile } from "../src/index.ts";
import { NONE, readBundle } from "./bundle-reader.ts";
import { kindSource, ruleFile } from "./rule-source.ts";

function ranking(source: string) {
  const result = compile(source);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
  const b = readBundle(result.bundle);
  return { result, b, w: b.words(11) };
}

describe("Ranking bundles", () => {
  it("lays out se-florist as the format doc says, in fixed point × 10⁶", () => {
    const { result, b, w } = ranking(ruleFile("ranking", "se-florist.yaml"));
    expect(result).toMatchObject({ kind: "Ranking", name: "se-florist", tenant: "marketplace" });
    expect(b.kind).toBe(4);
    expect(b.ids).toEqual([1, 2, 11]);
    expect(w).toHaveLength(14);
    expect([w[0], w[1], w[2], w[3]].map((s) => b.str(s as number))).toEqual([
      "marketplace",
      "se-florist",
      "SE",
      "florist",
    ]);
    expect(w.slice(4, 9)).toEqual([300_000, 300_000, 200_000, 150_000, 50_000]);
    expect(w[9]).toBe(14); // freshness half-life, days
    expect(w[10]).toBe(25); // max distance, km
    expect(b.lists[w[11] as number]).toEqual([1, 5]); // slots as numbers, not strings
    expect(w[12]).toBe(350_000);
    expect(w[13]).toBe(200);
  });

  it("fills the documented defaults: every category, no ads", () => {
    const { b, w } = ranking(
      kindSource("Ranking", { country: "NO", weights: { rating: 1 }, maxDistanceKm: 10 }),
    );
    expect(w[3]).toBe(NONE);
    expect(w.slice(4, 10)).toEqual([0, 0, 1_000_000, 0, 0, 30]);
    expect(b.lists[w[11] as number]).toEqual([]);
    expect(w.slice(12)).toEqual([0, 0]);
  });

  it("refuses weights that order nothing and slots out of order", () => {
    const result = compile(
      kindSource("Ranking", {
        country: "SE",
        weights: {},
        maxDistanceKm: 10,
        sponsored: { slots: [3, 2] },
      }),
    );
    expect(result.diagnostics.map((d) => d.code)).toEqual(["SB3052", "SB3053"]);
  });
});
