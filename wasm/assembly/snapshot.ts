// The marketplace snapshot (docs/marketplace.md, kind 6): copied in after the
// Ranking bundle, checked once by `loadSnapshot`, then read by `rank`. Loading
// also derives what every query would otherwise recompute: each opening's point
// on the unit sphere and the chord its service radius spans, so the distance
// test in the hot loop is a few multiplications, never a sine.
import {
  Abi,
  AdField,
  BundleKind,
  ErrorCode,
  OpeningArray,
  PostingsForm,
  Section,
  SnapshotLimit,
  SnapshotMeta,
  TokenField,
} from "./abi";
import { bundleAt, bundleRoom, NONE } from "./bundle";
import { SNAPSHOT } from "./table";

/** Mean Earth radius in km: distances are great-circle on this sphere. */
export const EARTH_KM: f64 = 6371.0088;
/** Bytes of derived data per opening: x, y, z on the unit sphere and the chord² of its radius. */
export const GEO_BYTES: u32 = 32;

let snapshotAt: usize = 0;
let snapshotRoom: u32 = 0;
let ready: bool = false;

export let count: u32 = 0;
export let tokenCount: u32 = 0;
export let adCount: u32 = 0;
export let openingsAt: usize = 0;
export let adsAt: usize = 0;
export let tokensAt: usize = 0;
export let postingsAt: usize = 0;
export let postingsWords: u32 = 0;
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

export function postingsWord(index: u32): u32 {
  return load<u32>(postingsAt + ((<usize>index) << 2));
}

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
  postingsWords = metaWord(SnapshotMeta.PostingsWords);
  if (count > <u32>SnapshotLimit.MaxOpenings || adCount > count) return ErrorCode.BadRecord;
  const sized =
    <u64>SNAPSHOT.sectionLength(Section.Openings) === <u64>count * OpeningArray.Count * 4 &&
    <u64>SNAPSHOT.sectionLength(Section.Ads) === <u64>adCount * AdField.Words * 4 &&
    <u64>SNAPSHOT.sectionLength(Section.Tokens) === <u64>tokenCount * TokenField.Words * 4 &&
    <u64>SNAPSHOT.sectionLength(Section.Postings) === <u64>postingsWords * 4;
  if (!sized) return ErrorCode.BadBounds;
  for (let f: u32 = SnapshotMeta.Country; f <= <u32>SnapshotMeta.Currency; f++) {
    if (!SNAPSHOT.isString(metaWord(f))) return ErrorCode.BadReference;
  }
  openingsAt = SNAPSHOT.sectionAt(Section.Openings);
  adsAt = SNAPSHOT.sectionAt(Section.Ads);
  tokensAt = SNAPSHOT.sectionAt(Section.Tokens);
  postingsAt = SNAPSHOT.sectionAt(Section.Postings);
  return ErrorCode.Ok;
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
      if (!SNAPSHOT.isString(openingWord(a, i))) return ErrorCode.BadReference;
    }
    if (!SNAPSHOT.isStringOrNone(openingWord(OpeningArray.Media, i))) {
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
    if (!SNAPSHOT.isString(adWord(a, AdField.Campaign))) return ErrorCode.BadReference;
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
  const bitmapWords = (count + 15) >>> 4;
  for (let t: u32 = 0; t < tokenCount; t++) {
    const str = tokenWord(t, TokenField.String);
    if (!SNAPSHOT.isString(str)) return ErrorCode.BadReference;
    if (t > 0 && compareStrings(tokenWord(t - 1, TokenField.String), str) >= 0) {
      return ErrorCode.BadRecord;
    }
    const df = tokenWord(t, TokenField.Df);
    const form = tokenWord(t, TokenField.Form);
    const start = tokenWord(t, TokenField.Start);
    if (df > count) return ErrorCode.BadRecord;
    const words = form === PostingsForm.List ? df : bitmapWords;
    if (form !== PostingsForm.List && form !== PostingsForm.Bitmap) return ErrorCode.BadRecord;
    if (<u64>start + <u64>words > <u64>postingsWords) return ErrorCode.BadBounds;
    const code = form === PostingsForm.List ? checkList(start, df) : checkBitmap(start, df);
    if (code !== ErrorCode.Ok) return code;
  }
  return ErrorCode.Ok;
}

/** Entries `opening × 4 + field`: field 1–3, openings in range and strictly increasing. */
function checkList(start: u32, df: u32): i32 {
  let previous: i64 = -1;
  for (let k: u32 = 0; k < df; k++) {
    const entry = postingsWord(start + k);
    const opening = entry >>> 2;
    if ((entry & 3) === 0 || opening >= count || <i64>opening <= previous) {
      return ErrorCode.BadRecord;
    }
    previous = opening;
  }
  return ErrorCode.Ok;
}

/** 2 bits per opening; `df` openings have a bit set; none past the last opening. */
function checkBitmap(start: u32, df: u32): i32 {
  const words = (count + 15) >>> 4;
  let held: u32 = 0;
  for (let w: u32 = 0; w < words; w++) {
    const bits = postingsWord(start + w);
    held += popcnt<u32>((bits | (bits >>> 1)) & 0x55555555);
  }
  const tail = count & 15;
  if (tail !== 0 && postingsWord(start + words - 1) >>> (tail * 2) !== 0) {
    return ErrorCode.BadRecord;
  }
  return held === df ? ErrorCode.Ok : ErrorCode.BadRecord;
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
  let lengths: f64 = 0;
  for (let i: u32 = 0; i < count; i++) {
    const lat = <f64>(<i32>openingWord(OpeningArray.LatE6, i)) * radians;
    const lon = <f64>(<i32>openingWord(OpeningArray.LonE6, i)) * radians;
    const at = geoAt + <usize>i * GEO_BYTES;
    const c = Math.cos(lat);
    store<f64>(at, c * Math.cos(lon));
    store<f64>(at, c * Math.sin(lon), 8);
    store<f64>(at, Math.sin(lat), 16);
    store<f64>(at, chordSquared(<f64>openingWord(OpeningArray.RadiusM, i) / 1000), 24);
    store<u32>(adOfAt + ((<usize>i) << 2), NONE);
    const words = openingWord(OpeningArray.Lengths, i);
    lengths += <f64>(words & 0xffff) + <f64>(words >>> 16);
  }
  for (let a: u32 = 0; a < adCount; a++) {
    store<u32>(adOfAt + ((<usize>adWord(a, AdField.Opening)) << 2), a);
  }
  meanLength = count > 0 && lengths > 0 ? lengths / <f64>count : 1;
  return ErrorCode.Ok;
}

/** The squared chord (on the unit sphere) of a great-circle distance in km. */
export function chordSquared(km: f64): f64 {
  const angle = km / EARTH_KM;
  if (angle >= Math.PI) return 4;
  const chord = 2 * Math.sin(angle / 2);
  return chord * chord;
}
