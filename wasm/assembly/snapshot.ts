// The marketplace snapshot (docs/marketplace.md, kind 6): copied in after the
// Ranking bundle, checked once by `loadSnapshot`, then read by `rank`. Loading
// also derives what every query would otherwise recompute: each opening's point
// on the unit sphere and the chord its service radius spans (so the distance
// test in the hot loop is a few multiplications, never a sine), the part of its
// score no query changes, and its freshness at the snapshot's creation (a
// search scales it by one factor for its own time).
import {
  Abi,
  AdField,
  BundleKind,
  ErrorCode,
  OpeningArray,
  RankingField,
  Section,
  SnapshotLimit,
  SnapshotMeta,
  TokenField,
} from "./abi";
import { bundleAt, bundleRoom, NONE } from "./bundle";
import { checkPostings, placePostings } from "./postings";
import { rankingWeight, rankingWord } from "./ranking";
import { SNAPSHOT } from "./table";
import { checkText, isText, isTextOrNone } from "./text";

/** Mean Earth radius in km: distances are great-circle on this sphere. */
export const EARTH_KM: f64 = 6371.0088;
/**
 * Derived data per opening, 9 f64: x, y, z on the unit sphere, the chord² of its service
 * radius, its weighted rating + response rate, its freshness at the snapshot's creation, and
 * its BM25 term score for a word in the title only, the description only, and both
 * (`tf × (K1 + 1) / (tf + K1 × (1 − B + B × length / mean length))`, tf 2, 1, 3: index by the
 * postings field bits, 1 title, 2 description, 3 both).
 */
export const GEO_BYTES: u32 = 72;
export const GEO_REACH: u32 = 24;
export const GEO_BASE: u32 = 32;
export const GEO_FRESH: u32 = 40;
/** The term score of field bits `f` (1–3) is at GEO_TERM + (f − 1) × 8. */
export const GEO_TERM: u32 = 48;
// BM25's usual constants: term saturation and length normalisation.
export const K1: f64 = 1.2;
export const B: f64 = 0.75;

let snapshotAt: usize = 0;
let snapshotRoom: u32 = 0;
let ready: bool = false;

export let count: u32 = 0;
export let tokenCount: u32 = 0;
export let adCount: u32 = 0;
export let openingsAt: usize = 0;
export let adsAt: usize = 0;
export let tokensAt: usize = 0;
/** Derived: GEO_BYTES per opening. */
export let geoAt: usize = 0;
/** Derived: the ADS record of each opening, or NONE. */
export let adOfAt: usize = 0;
/** Derived: mean token count (title + description) of an opening, at least 1. */
export let meanLength: f64 = 1;

/** Reserves room for a snapshot after the loaded bundle; 0 when it cannot. */
export function reserveSnapshot(length: u32): usize {
  clearSnapshot();
  if (bundleAt === 0 || length > <u32>Abi.MaxBundleBytes) return 0;
  const at = (bundleAt + bundleRoom + 15) & ~(<usize>15);
  if (!grow(at + length)) return 0;
  snapshotAt = at;
  snapshotRoom = length;
  return at;
}

export function clearSnapshot(): void {
  ready = false;
  SNAPSHOT.kind = 0;
}

export function snapshotLoaded(): bool {
  return ready;
}

export function loadSnapshot(length: u32): i32 {
  ready = false;
  let code = SNAPSHOT.place(snapshotAt, snapshotRoom, length, BundleKind.Snapshot);
  if (code === ErrorCode.NotPbx) code = ErrorCode.NoSnapshot;
  if (code === ErrorCode.Ok && !SNAPSHOT.blobsInside()) code = ErrorCode.BadBounds;
  if (code === ErrorCode.Ok) code = placeSections();
  if (code === ErrorCode.Ok) code = checkOpenings();
  if (code === ErrorCode.Ok) code = checkAds();
  if (code === ErrorCode.Ok) code = checkTokens();
  if (code === ErrorCode.Ok) code = derive(length);
  if (code !== ErrorCode.Ok) SNAPSHOT.kind = 0;
  ready = code === ErrorCode.Ok;
  return code;
}

// Readers for `rank` and the checks: no bounds checks of their own.

export function openingWord(array: u32, opening: u32): u32 {
  return load<u32>(openingsAt + ((<usize>array * count + opening) << 2));
}

export function adWord(ad: u32, field: u32): u32 {
  return load<u32>(adsAt + ((<usize>ad * AdField.Words + field) << 2));
}

export function tokenWord(token: u32, field: u32): u32 {
  return load<u32>(tokensAt + ((<usize>token * TokenField.Words + field) << 2));
}

/** The snapshot's creation, minutes since the Unix epoch. */
export let createdMinute: u32 = 0;

export function metaWord(field: u32): u32 {
  return load<u32>(SNAPSHOT.sectionAt(Section.SnapshotMeta) + ((<usize>field) << 2));
}

function grow(end: usize): bool {
  const have = (<usize>memory.size()) << 16;
  if (end <= have) return true;
  return memory.grow(<i32>((end - have + 0xffff) >>> 16)) >= 0;
}

/** Every section's length must be exactly what SNAPSHOT_META's counts say. */
function placeSections(): i32 {
  if (SNAPSHOT.sectionLength(Section.SnapshotMeta) !== <u32>SnapshotMeta.Words * 4)
    return ErrorCode.BadBounds;
  count = metaWord(SnapshotMeta.Count);
  tokenCount = metaWord(SnapshotMeta.TokenCount);
  adCount = metaWord(SnapshotMeta.AdCount);
  const postingsBytes = metaWord(SnapshotMeta.PostingsBytes);
  if (count > <u32>SnapshotLimit.MaxOpenings || adCount > count) return ErrorCode.BadRecord;
  const sized =
    <u64>SNAPSHOT.sectionLength(Section.Openings) === <u64>count * OpeningArray.Count * 4 &&
    <u64>SNAPSHOT.sectionLength(Section.Ads) === <u64>adCount * AdField.Words * 4 &&
    <u64>SNAPSHOT.sectionLength(Section.Tokens) === <u64>tokenCount * TokenField.Words * 4 &&
    SNAPSHOT.sectionLength(Section.Postings) === ((postingsBytes + 3) & ~3);
  if (!sized) return ErrorCode.BadBounds;
  for (let f: u32 = SnapshotMeta.Country; f <= <u32>SnapshotMeta.Currency; f++) {
    if (!SNAPSHOT.isString(metaWord(f))) return ErrorCode.BadReference;
  }
  openingsAt = SNAPSHOT.sectionAt(Section.Openings);
  adsAt = SNAPSHOT.sectionAt(Section.Ads);
  tokensAt = SNAPSHOT.sectionAt(Section.Tokens);
  placePostings(SNAPSHOT.sectionAt(Section.Postings), postingsBytes, count);
  return checkText(SNAPSHOT.sectionAt(Section.Text), SNAPSHOT.sectionLength(Section.Text));
}

function checkOpenings(): i32 {
  let previousLat: i32 = i32.MIN_VALUE;
  for (let i: u32 = 0; i < count; i++) {
    const lat = <i32>openingWord(OpeningArray.LatE6, i);
    const lon = <i32>openingWord(OpeningArray.LonE6, i);
    const radius = openingWord(OpeningArray.RadiusM, i);
    const scores = openingWord(OpeningArray.Scores, i);
    const values =
      lat >= -(<i32>SnapshotLimit.MaxLatE6) &&
      lat <= <i32>SnapshotLimit.MaxLatE6 &&
      lat >= previousLat &&
      lon >= -(<i32>SnapshotLimit.MaxLonE6) &&
      lon <= <i32>SnapshotLimit.MaxLonE6 &&
      radius >= 1 &&
      radius <= <u32>SnapshotLimit.MaxRadiusM &&
      (scores & 0xffff) <= <u32>SnapshotLimit.MaxRatingE3 &&
      scores >>> 16 <= <u32>SnapshotLimit.MaxFractionE3;
    if (!values) return ErrorCode.BadRecord;
    previousLat = lat;
    for (let a: u32 = OpeningArray.Id; a <= <u32>OpeningArray.Title; a++) {
      if (!isText(openingWord(a, i))) return ErrorCode.BadReference;
    }
    if (!isTextOrNone(openingWord(OpeningArray.Media, i))) {
      return ErrorCode.BadReference;
    }
  }
  return ErrorCode.Ok;
}

function checkAds(): i32 {
  for (let a: u32 = 0; a < adCount; a++) {
    const opening = adWord(a, AdField.Opening);
    const ordered = a === 0 || opening > adWord(a - 1, AdField.Opening);
    if (opening >= count || !ordered) return ErrorCode.BadRecord;
    if (!isText(adWord(a, AdField.Campaign))) return ErrorCode.BadReference;
    if (
      adWord(a, AdField.QualityE3) > <u32>SnapshotLimit.MaxFractionE3 ||
      adWord(a, AdField.PacingE3) > <u32>SnapshotLimit.MaxFractionE3
    ) {
      return ErrorCode.BadRecord;
    }
  }
  return ErrorCode.Ok;
}

function checkTokens(): i32 {
  for (let t: u32 = 0; t < tokenCount; t++) {
    const str = tokenWord(t, TokenField.String);
    if (!SNAPSHOT.isString(str)) return ErrorCode.BadReference;
    if (t > 0 && compareStrings(tokenWord(t - 1, TokenField.String), str) >= 0) {
      return ErrorCode.BadRecord;
    }
    const code = checkPostings(
      tokenWord(t, TokenField.Form),
      tokenWord(t, TokenField.Start),
      tokenWord(t, TokenField.Df),
    );
    if (code !== ErrorCode.Ok) return code;
  }
  return ErrorCode.Ok;
}

/** Byte order of two snapshot strings, shorter first on a common prefix. */
function compareStrings(a: u32, b: u32): i32 {
  const la = SNAPSHOT.stringLength(a);
  const lb = SNAPSHOT.stringLength(b);
  const pa = SNAPSHOT.stringPtr(a);
  const pb = SNAPSHOT.stringPtr(b);
  const common = la < lb ? la : lb;
  for (let i: u32 = 0; i < common; i++) {
    const x = load<u8>(pa + i);
    const y = load<u8>(pb + i);
    if (x !== y) return x < y ? -1 : 1;
  }
  return la === lb ? 0 : la < lb ? -1 : 1;
}

/** The unit-sphere points, radius chords and ad index, after the snapshot. */
function derive(length: u32): i32 {
  geoAt = (snapshotAt + length + 15) & ~(<usize>15);
  adOfAt = geoAt + <usize>count * GEO_BYTES;
  if (!grow(adOfAt + ((<usize>count) << 2))) return ErrorCode.BadBounds;
  const radians: f64 = Math.PI / 180 / 1e6;
  const wRating = rankingWeight(RankingField.WeightRating);
  const wResponse = rankingWeight(RankingField.WeightResponse);
  const created = metaWord(SnapshotMeta.CreatedAtMinute);
  createdMinute = created;
  const halfLife = halfLifeMinutes();
  let lengths: f64 = 0;
  for (let i: u32 = 0; i < count; i++) {
    const lat = <f64>(<i32>openingWord(OpeningArray.LatE6, i)) * radians;
    const lon = <f64>(<i32>openingWord(OpeningArray.LonE6, i)) * radians;
    const at = geoAt + <usize>i * GEO_BYTES;
    const c = Math.cos(lat);
    store<f64>(at, c * Math.cos(lon));
    store<f64>(at, c * Math.sin(lon), 8);
    store<f64>(at, Math.sin(lat), 16);
    store<f64>(at, chordSquared(<f64>openingWord(OpeningArray.RadiusM, i) / 1000), GEO_REACH);
    const scores = openingWord(OpeningArray.Scores, i);
    const base =
      (wRating * <f64>(scores & 0xffff)) / 5000 + (wResponse * <f64>(scores >>> 16)) / 1000;
    store<f64>(at, base, GEO_BASE);
    const age = <f64>created - <f64>openingWord(OpeningArray.PublishedMinute, i);
    store<f64>(at, halving(age, halfLife), GEO_FRESH);
    store<u32>(adOfAt + ((<usize>i) << 2), NONE);
    const words = openingWord(OpeningArray.Lengths, i);
    lengths += <f64>(words & 0xffff) + <f64>(words >>> 16);
  }
  for (let a: u32 = 0; a < adCount; a++) {
    store<u32>(adOfAt + ((<usize>adWord(a, AdField.Opening)) << 2), a);
  }
  meanLength = count > 0 && lengths > 0 ? lengths / <f64>count : 1;
  for (let i: u32 = 0; i < count; i++) {
    const words = openingWord(OpeningArray.Lengths, i);
    const length = <f64>(words & 0xffff) + <f64>(words >>> 16);
    const norm = K1 * (1 - B + (B * length) / meanLength);
    const at = geoAt + <usize>i * GEO_BYTES + GEO_TERM;
    // field bits 1 (title: tf 2), 2 (description: tf 1), 3 (both: tf 3)
    store<f64>(at, (2 * (K1 + 1)) / (2 + norm));
    store<f64>(at, (1 * (K1 + 1)) / (1 + norm), 8);
    store<f64>(at, (3 * (K1 + 1)) / (3 + norm), 16);
  }
  return ErrorCode.Ok;
}

export function halfLifeMinutes(): f64 {
  return <f64>rankingWord(RankingField.HalfLifeDays) * 1440;
}

/** 0.5 ^ (minutes / half-life): a negative age (a later time) gives more than 1. */
export function halving(minutes: f64, halfLife: f64): f64 {
  return Math.exp((-Math.LN2 * minutes) / halfLife);
}

/** The squared chord (on the unit sphere) of a great-circle distance in km. */
export function chordSquared(km: f64): f64 {
  const angle = km / EARTH_KM;
  if (angle >= Math.PI) return 4;
  const chord = 2 * Math.sin(angle / 2);
  return chord * chord;
}
