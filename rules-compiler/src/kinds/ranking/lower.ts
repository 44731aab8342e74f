/**
 * Passes 4–5 for a `Ranking`: the checked file → the RANKING section (14 words, fixed point
 * × 10⁶ for weights and the quality floor; see docs/bundle-format.md) → bundle bytes.
 */
import { BundleKind, encodeBundle, Section, tableSections, words } from "../../codegen.ts";
import { Tables } from "../../tables.ts";
import { FIXED_POINT } from "./check.ts";
import type { RankingFile } from "./schema.ts";

const fixed = (value: number) => Math.round(value * FIXED_POINT);

export function encodeRanking(file: RankingFile): Uint8Array {
  const { spec, metadata } = file;
  const t = new Tables();
  const { weights, sponsored } = spec;
  const ranking = [
    t.str(metadata.tenant),
    t.str(metadata.name),
    t.str(spec.country),
    t.optStr(spec.category),
    fixed(weights.text),
    fixed(weights.distance),
    fixed(weights.rating),
    fixed(weights.responseRate),
    fixed(weights.freshness),
    spec.freshnessHalfLifeDays,
    spec.maxDistanceKm,
    t.list(sponsored.slots),
    fixed(sponsored.qualityFloor),
    sponsored.reservePrice,
  ];
  return encodeBundle(BundleKind.Ranking, [...tableSections(t), [Section.ranking, words(ranking)]]);
}
