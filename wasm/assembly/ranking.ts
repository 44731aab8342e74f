// The Ranking bundle (docs/bundle-format.md, kind 4): `load` checks every field
// of its RANKING section here; `rank` reads the parameters through `ranking*`.
import { BundleKind, ErrorCode, RankingField, RankingLimit } from "./abi";
import { MAIN } from "./table";

export function checkRanking(): i32 {
  if (MAIN.kindLength !== <u32>RankingField.Words * 4) return ErrorCode.BadBounds;
  for (let f: u32 = RankingField.Tenant; f <= <u32>RankingField.Country; f++) {
    if (!MAIN.isString(MAIN.kindWord(f))) return ErrorCode.BadReference;
  }
  if (!MAIN.isStringOrNone(MAIN.kindWord(RankingField.Category))) return ErrorCode.BadReference;
  const slots = MAIN.kindWord(RankingField.Slots);
  if (slots >= MAIN.listCount) return ErrorCode.BadReference;
  let weights: u64 = 0;
  for (let f: u32 = RankingField.WeightText; f <= <u32>RankingField.WeightFreshness; f++) {
    const weight = MAIN.kindWord(f);
    if (weight > <u32>RankingLimit.MaxWeight) return ErrorCode.BadRecord;
    weights += weight;
  }
  const halfLife = MAIN.kindWord(RankingField.HalfLifeDays);
  const maxDistance = MAIN.kindWord(RankingField.MaxDistanceKm);
  const ok =
    weights > 0 &&
    halfLife >= 1 &&
    halfLife <= <u32>RankingLimit.MaxHalfLifeDays &&
    maxDistance >= 1 &&
    maxDistance <= <u32>RankingLimit.MaxDistanceKm &&
    MAIN.kindWord(RankingField.QualityFloor) <= <u32>RankingLimit.FixedPoint &&
    MAIN.listLength(slots) <= <u32>RankingLimit.MaxSlots;
  if (!ok) return ErrorCode.BadRecord;
  let previous: u32 = 0;
  for (let i: u32 = 0; i < MAIN.listLength(slots); i++) {
    const position = MAIN.listWord(slots, i);
    if (position <= previous || position > <u32>RankingLimit.MaxSlotPosition) {
      return ErrorCode.BadRecord;
    }
    previous = position;
  }
  return ErrorCode.Ok;
}

export function rankingLoaded(): bool {
  return MAIN.kind === BundleKind.Ranking;
}

export function rankingWord(field: u32): u32 {
  return MAIN.kindWord(field);
}

/** A fixed-point (× 10⁶) word of the RANKING section as a number. */
export function rankingWeight(field: u32): f64 {
  return <f64>MAIN.kindWord(field) / 1e6;
}

export function slotCount(): u32 {
  return MAIN.listLength(MAIN.kindWord(RankingField.Slots));
}

/** The 1-based result position of sponsored slot `i`. */
export function slotPosition(i: u32): u32 {
  return MAIN.listWord(MAIN.kindWord(RankingField.Slots), i);
}
