/**
 * Pass 3 for a `Ranking`: something to rank by, sponsored slots in order, and numbers that fit
 * the bundle's fixed point (× 10⁶) exactly.
 */
import { Code } from "../../diagnostic.ts";
import type { Path, SourceFile } from "../../parse.ts";
import type { RankingFile } from "./schema.ts";

export const FIXED_POINT = 1_000_000;

export function checkRanking(src: SourceFile, file: RankingFile): void {
  const { spec } = file;
  const s: Path = ["spec"];
  const weights = Object.entries(spec.weights);
  if (weights.every(([, w]) => w === 0)) {
    const where = src.locate([...s, "weights"]);
    src.report(
      Code.noWeights,
      "error",
      "every weight is 0, so nothing orders the results",
      where.key ?? where.value,
      {
        hint: "give at least one of text, distance, rating, responseRate, freshness a weight above 0",
      },
    );
  }
  const fixed = (value: number, path: Path) => {
    if (Number.isInteger(Math.round(value * FIXED_POINT * 1e3) / 1e3)) return;
    const where = src.locate(path).value;
    src.report(
      Code.tooPrecise,
      "error",
      `${src.source.slice(where[0], where[1])} has more than 6 decimals`,
      where,
      {
        hint: `the bundle keeps 6 decimals; write ${Math.round(value * FIXED_POINT) / FIXED_POINT}`,
      },
    );
  };
  for (const [name, w] of weights) fixed(w, [...s, "weights", name]);
  fixed(spec.sponsored.qualityFloor, [...s, "sponsored", "qualityFloor"]);

  spec.sponsored.slots.forEach((slot, i) => {
    const before = spec.sponsored.slots[i - 1];
    if (before === undefined || slot > before) return;
    src.report(
      Code.slotsNotIncreasing,
      "error",
      slot === before
        ? `sponsored slot ${slot} is listed twice`
        : `sponsored slot ${slot} comes after slot ${before}`,
      src.locate([...s, "sponsored", "slots", i]).value,
      { hint: "list each position once, in increasing order, e.g. [1, 4, 8]" },
    );
  });
}
