// `rank`: one search over the loaded snapshot with the loaded Ranking
// (docs/marketplace.md, "Ranking"). Candidates come from the latitude band the
// search radius spans (openings are sorted by latitude), narrowed by the query's
// postings: the rarest list drives, the others are sought forward from a cursor;
// when every word is a bitmap the band is read 16 openings a word. Survivors get
// their organic score into a bounded heap and, with a live campaign, into the
// auction. Static memory only: nothing is allocated per query.
import {
  AdField,
  ErrorCode,
  OpeningArray,
  PostingsForm,
  RankInput,
  RankingField,
  RankOutput,
  ResultField,
  SnapshotLimit,
  TokenField,
} from "./abi";
import { NONE } from "./bundle";
import { inputWord } from "./io";
import { rankingLoaded, rankingWord, slotCount, slotPosition } from "./ranking";
import {
  adBid,
  adOpening,
  adOrganic,
  adRecord,
  adScore,
  adsKept,
  adWeight,
  offerAd,
  offerOrganic,
  organicOpening,
  organicScore,
  resetSelection,
  sortOrganic,
} from "./select";
import {
  adOfAt,
  adWord,
  chordSquared,
  count,
  EARTH_KM,
  GEO_BYTES,
  geoAt,
  meanLength,
  openingWord,
  postingsWord,
  snapshotLoaded,
  tokenCount,
  tokenWord,
} from "./snapshot";

export const RESULTS: usize = memory.data(
  (<i32>RankOutput.FirstResult + <i32>RankInput.MaxLimit * <i32>ResultField.Words) * 4,
  16,
);

// BM25's usual constants: term saturation and length normalisation.
const K1: f64 = 1.2;
const B: f64 = 0.75;

// Per query token (at most RankInput.MaxTokens).
const T_FORM = memory.data(<i32>RankInput.MaxTokens * 4, 16);
const T_START = memory.data(<i32>RankInput.MaxTokens * 4, 16);
const T_END = memory.data(<i32>RankInput.MaxTokens * 4, 16);
const T_CURSOR = memory.data(<i32>RankInput.MaxTokens * 4, 16);
const T_FIELD = memory.data(<i32>RankInput.MaxTokens * 4, 16);
const T_IDF = memory.data(<i32>RankInput.MaxTokens * 8, 16);

let queryTokens: u32 = 0;
let idfSum: f64 = 0;
let qx: f64 = 0;
let qy: f64 = 0;
let qz: f64 = 0;
let maxKm: f64 = 1;
let maxReach: f64 = 0;
let lonFilter: bool = false;
let lonLow: i32 = 0;
let lonHigh: i32 = 0;
let nowMinute: u32 = 0;
let halfLifeMinutes: f64 = 1;
let wText: f64 = 0;
let wDistance: f64 = 0;
let wRating: f64 = 0;
let wResponse: f64 = 0;
let wFreshness: f64 = 0;
let weightSum: f64 = 1;
let floor: f64 = 0;
let reserve: u32 = 0;
let adSlots: u32 = 0;
let matched: u32 = 0;
let eligible: u32 = 0;
let scanned: u32 = 0;

function tokenSlot(base: usize, t: u32): usize {
  return base + ((<usize>t) << 2);
}

function head(word: u32, value: u32): void {
  store<u32>(RESULTS + ((<usize>word) << 2), value);
}

export function rank(): i32 {
  head(RankOutput.Count, 0);
  head(RankOutput.Matched, 0);
  head(RankOutput.Eligible, 0);
  head(RankOutput.Scanned, 0);
  const code = prepare();
  head(RankOutput.Status, <u32>code);
  if (code !== ErrorCode.Ok) return code;
  const latE6 = <i32>inputWord(RankInput.LatE6);
  matched = 0;
  eligible = 0;
  scanned = 0;
  if (queryTokens !== NONE) scan(latE6);
  const results = emit(inputWord(RankInput.Limit));
  head(RankOutput.Count, results);
  head(RankOutput.Matched, matched);
  head(RankOutput.Eligible, eligible);
  head(RankOutput.Scanned, scanned);
  return <i32>results;
}

/** Reads and checks the input, and sets up the query; queryTokens NONE: a word matches nothing. */
function prepare(): i32 {
  if (!rankingLoaded() || !snapshotLoaded()) return ErrorCode.NoSnapshot;
  const latE6 = <i32>inputWord(RankInput.LatE6);
  const lonE6 = <i32>inputWord(RankInput.LonE6);
  const limit = inputWord(RankInput.Limit);
  const tokens = inputWord(RankInput.TokenCount);
  const inputOk =
    latE6 >= -(<i32>SnapshotLimit.MaxLatE6) &&
    latE6 <= <i32>SnapshotLimit.MaxLatE6 &&
    lonE6 >= -(<i32>SnapshotLimit.MaxLonE6) &&
    lonE6 <= <i32>SnapshotLimit.MaxLonE6 &&
    limit >= 1 &&
    limit <= <u32>RankInput.MaxLimit &&
    tokens <= <u32>RankInput.MaxTokens;
  if (!inputOk) return ErrorCode.BadInput;
  nowMinute = inputWord(RankInput.NowMinute);

  const fixed: f64 = 1e6;
  wText = <f64>rankingWord(RankingField.WeightText) / fixed;
  wDistance = <f64>rankingWord(RankingField.WeightDistance) / fixed;
  wRating = <f64>rankingWord(RankingField.WeightRating) / fixed;
  wResponse = <f64>rankingWord(RankingField.WeightResponse) / fixed;
  wFreshness = <f64>rankingWord(RankingField.WeightFreshness) / fixed;
  weightSum = wText + wDistance + wRating + wResponse + wFreshness;
  halfLifeMinutes = <f64>rankingWord(RankingField.HalfLifeDays) * 1440;
  maxKm = <f64>rankingWord(RankingField.MaxDistanceKm);
  floor = <f64>rankingWord(RankingField.QualityFloor) / fixed;
  reserve = rankingWord(RankingField.ReservePrice);

  // Slots past the last result position are not offered.
  adSlots = 0;
  while (adSlots < slotCount() && slotPosition(adSlots) <= limit) adSlots++;
  resetSelection(limit + adSlots, adSlots > 0 ? adSlots + 1 : 0);

  prepareTokens(tokens);
  prepareGeometry(latE6, lonE6);
  return ErrorCode.Ok;
}

function prepareTokens(tokens: u32): void {
  queryTokens = tokens;
  idfSum = 0;
  for (let t: u32 = 0; t < tokens; t++) {
    const id = inputWord(RankInput.FirstToken + t);
    if (id >= tokenCount) {
      queryTokens = NONE;
      return;
    }
    const df = tokenWord(id, TokenField.Df);
    const form = tokenWord(id, TokenField.Form);
    const start = tokenWord(id, TokenField.Start);
    store<u32>(tokenSlot(T_FORM, t), form);
    store<u32>(tokenSlot(T_START, t), start);
    store<u32>(tokenSlot(T_END, t), form === PostingsForm.List ? start + df : start);
    store<u32>(tokenSlot(T_CURSOR, t), start);
    const n = <f64>count;
    const idf = Math.log(1 + (n - <f64>df + 0.5) / (<f64>df + 0.5));
    store<f64>(T_IDF + ((<usize>t) << 3), idf);
    idfSum += idf;
  }
}

function prepareGeometry(latE6: i32, lonE6: i32): void {
  const radians: f64 = Math.PI / 180 / 1e6;
  const lat = <f64>latE6 * radians;
  const lon = <f64>lonE6 * radians;
  const c = Math.cos(lat);
  qx = c * Math.cos(lon);
  qy = c * Math.sin(lon);
  qz = Math.sin(lat);
  maxReach = chordSquared(maxKm);
  // The longitudes a circle of maxKm spans at this latitude; none near a pole or the date line.
  const angle = maxKm / EARTH_KM;
  const latDegrees = <f64>latE6 / 1e6;
  const spanDegrees = (angle * 180) / Math.PI;
  lonFilter = false;
  if (Math.abs(latDegrees) + spanDegrees < 89 && angle < Math.PI / 2) {
    const dLon = <i32>(Math.asin(Math.sin(angle) / c) * (180e6 / Math.PI)) + 2;
    lonFilter =
      lonE6 - dLon >= -(<i32>SnapshotLimit.MaxLonE6) && lonE6 + dLon <= <i32>SnapshotLimit.MaxLonE6;
    lonLow = lonE6 - dLon;
    lonHigh = lonE6 + dLon;
  }
}

/** [first, end) of the openings whose latitude is within maxKm of the searcher's. */
function scan(latE6: i32): void {
  const span = <i64>((maxKm / EARTH_KM) * (180e6 / Math.PI)) + 2;
  const first = latitudeIndex(<i64>latE6 - span);
  const end = latitudeIndex(<i64>latE6 + span + 1);
  if (first >= end) return;
  let driver: u32 = NONE;
  let driverLength: u32 = 0xffffffff;
  for (let t: u32 = 0; t < queryTokens; t++) {
    if (load<u32>(tokenSlot(T_FORM, t)) !== PostingsForm.List) continue;
    const length = load<u32>(tokenSlot(T_END, t)) - load<u32>(tokenSlot(T_START, t));
    if (length < driverLength) {
      driver = t;
      driverLength = length;
    }
  }
  if (driver === NONE) scanBand(first, end);
  else scanList(driver, first, end);
}

/** The first opening whose latE6 is at least `latE6` (count when none). */
function latitudeIndex(latE6: i64): u32 {
  let low: u32 = 0;
  let high: u32 = count;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (<i64>(<i32>openingWord(OpeningArray.LatE6, middle)) < latE6) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Every opening of the band, 16 at a time through the query's bitmaps (none: all). */
function scanBand(first: u32, end: u32): void {
  for (let word = first >>> 4; word <= (end - 1) >>> 4; word++) {
    let held: u32 = 0x55555555;
    for (let t: u32 = 0; t < queryTokens; t++) {
      const bits = postingsWord(load<u32>(tokenSlot(T_START, t)) + word);
      held &= bits | (bits >>> 1);
    }
    const base = word << 4;
    if (base < first) held &= ~((1 << ((first - base) << 1)) - 1);
    if (base + 16 > end) held &= (1 << ((end - base) << 1)) - 1;
    while (held !== 0) {
      const k = ctz<u32>(held) >>> 1;
      held &= held - 1;
      const opening = base + k;
      scanned++;
      if (outsideLongitudes(opening)) continue;
      for (let t: u32 = 0; t < queryTokens; t++) {
        const bits = postingsWord(load<u32>(tokenSlot(T_START, t)) + word);
        store<u32>(tokenSlot(T_FIELD, t), (bits >>> (k << 1)) & 3);
      }
      consider(opening);
    }
  }
}

/** The driver's postings within the band; every other word must hold the opening too. */
function scanList(driver: u32, first: u32, end: u32): void {
  const listEnd = load<u32>(tokenSlot(T_END, driver));
  let k = seekFrom(load<u32>(tokenSlot(T_START, driver)), listEnd, first);
  for (; k < listEnd; k++) {
    const entry = postingsWord(k);
    const opening = entry >>> 2;
    if (opening >= end) break;
    scanned++;
    if (outsideLongitudes(opening)) continue;
    let all = true;
    for (let t: u32 = 0; t < queryTokens; t++) {
      const field = t === driver ? entry & 3 : fieldOf(t, opening);
      if (field === 0) {
        all = false;
        break;
      }
      store<u32>(tokenSlot(T_FIELD, t), field);
    }
    if (all) consider(opening);
  }
}

function outsideLongitudes(opening: u32): bool {
  if (!lonFilter) return false;
  const lon = <i32>openingWord(OpeningArray.LonE6, opening);
  return lon < lonLow || lon > lonHigh;
}

/** The fields of token `t` holding `opening` (0: it does not). List cursors only move forward. */
function fieldOf(t: u32, opening: u32): u32 {
  const start = load<u32>(tokenSlot(T_START, t));
  if (load<u32>(tokenSlot(T_FORM, t)) === PostingsForm.Bitmap) {
    return (postingsWord(start + (opening >>> 4)) >>> ((opening & 15) << 1)) & 3;
  }
  const end = load<u32>(tokenSlot(T_END, t));
  const at = seekFrom(load<u32>(tokenSlot(T_CURSOR, t)), end, opening);
  store<u32>(tokenSlot(T_CURSOR, t), at);
  if (at >= end) return 0;
  const entry = postingsWord(at);
  return entry >>> 2 === opening ? entry & 3 : 0;
}

/** The first entry in [from, end) for an opening ≥ `opening`: galloping, then binary search. */
function seekFrom(from: u32, end: u32, opening: u32): u32 {
  if (from >= end || postingsWord(from) >>> 2 >= opening) return from;
  let low = from; // postingsWord(low) is before `opening`
  let step: u32 = 1;
  let high = end;
  for (;;) {
    const probe = low + step;
    if (probe >= end) break;
    if (postingsWord(probe) >>> 2 >= opening) {
      high = probe;
      break;
    }
    low = probe;
    step <<= 1;
  }
  let a = low + 1;
  let b = high;
  while (a < b) {
    const middle = (a + b) >>> 1;
    if (postingsWord(middle) >>> 2 < opening) a = middle + 1;
    else b = middle;
  }
  return a;
}

/** Distance test, organic score, and the auction entry of one textual match. */
function consider(opening: u32): void {
  const geo = geoAt + <usize>opening * GEO_BYTES;
  const dx = load<f64>(geo) - qx;
  const dy = load<f64>(geo, 8) - qy;
  const dz = load<f64>(geo, 16) - qz;
  const chord = dx * dx + dy * dy + dz * dz;
  const reach = load<f64>(geo, 24);
  if (chord > (reach < maxReach ? reach : maxReach)) return;
  matched++;
  const km = kmOf(chord);
  const score = organic(opening, km);
  offerOrganic(score, opening);
  const ad = load<u32>(adOfAt + ((<usize>opening) << 2));
  if (ad === NONE || adSlots === 0) return;
  const bid = adWord(ad, AdField.BidMinor);
  const quality = (score * <f64>adWord(ad, AdField.QualityE3)) / 1000;
  const weight = (quality * <f64>adWord(ad, AdField.PacingE3)) / 1000;
  const adValue = <f64>bid * weight;
  if (bid < reserve || quality < floor || !(adValue > 0)) return;
  eligible++;
  offerAd(adValue, score, weight, opening, ad, bid);
}

function kmOf(chord: f64): f64 {
  const half = Math.sqrt(chord) / 2;
  return 2 * EARTH_KM * Math.asin(half < 1 ? half : 1);
}

/** Σ weight × feature / Σ weight, every feature in [0, 1]. */
function organic(opening: u32, km: f64): f64 {
  let sum: f64 = 0;
  if (wText > 0) sum += wText * relevance(opening);
  if (wDistance > 0) {
    const near = 1 - km / maxKm;
    sum += wDistance * (near > 0 ? near : 0);
  }
  const scores = openingWord(OpeningArray.Scores, opening);
  sum += (wRating * <f64>(scores & 0xffff)) / 5000;
  sum += (wResponse * <f64>(scores >>> 16)) / 1000;
  if (wFreshness > 0) {
    const published = openingWord(OpeningArray.PublishedMinute, opening);
    const age: f64 = nowMinute > published ? <f64>(nowMinute - published) : 0;
    sum += wFreshness * Math.exp((-Math.LN2 * age) / halfLifeMinutes);
  }
  return sum / weightSum;
}

/**
 * BM25-like, in [0, 1): per word, title counts 2 and description 1, saturated by K1 and
 * normalised by the opening's length against the mean; weighted by idf. 1 with no words.
 */
function relevance(opening: u32): f64 {
  if (queryTokens === 0) return 1;
  const lengths = openingWord(OpeningArray.Lengths, opening);
  const length = <f64>(lengths & 0xffff) + <f64>(lengths >>> 16);
  const norm = K1 * (1 - B + (B * length) / meanLength);
  let sum: f64 = 0;
  for (let t: u32 = 0; t < queryTokens; t++) {
    const field = load<u32>(tokenSlot(T_FIELD, t));
    const tf = <f64>((field & 1) * 2 + (field >>> 1));
    sum += (load<f64>(T_IDF + ((<usize>t) << 3)) * (tf * (K1 + 1))) / (tf + norm);
  }
  return sum / (idfSum * (K1 + 1));
}

/**
 * The auction's winners take their slots (moving up when organic results run out), organic
 * results fill every other position, an opening never twice. Returns the result count.
 */
function emit(limit: u32): u32 {
  const organicCount = sortOrganic();
  const kept = adsKept();
  const winners = kept < adSlots ? kept : adSlots;
  let next: u32 = 0;
  let won: u32 = 0;
  let results: u32 = 0;
  for (let position: u32 = 1; position <= limit; position++) {
    if (won < winners && slotPosition(won) <= position) {
      writeAd(results++, won++, kept);
      continue;
    }
    while (next < organicCount && isWinner(organicOpening(next), winners)) next++;
    if (next < organicCount) {
      writeResult(results++, organicOpening(next), organicScore(next), 0, 0, NONE);
      next++;
    } else if (won < winners) {
      writeAd(results++, won++, kept);
    } else {
      break;
    }
  }
  return results;
}

function isWinner(opening: u32, winners: u32): bool {
  for (let w: u32 = 0; w < winners; w++) if (adOpening(w) === opening) return true;
  return false;
}

/** Winner `w` pays just enough to beat the next ad score: ≥ reserve, ≤ its bid. */
function writeAd(at: u32, w: u32, kept: u32): void {
  let price: f64 = <f64>reserve;
  if (w + 1 < kept) {
    const beat = Math.floor(adScore(w + 1) / adWeight(w)) + 1;
    if (beat > price) price = beat;
  }
  const bid = <f64>adBid(w);
  if (price > bid) price = bid;
  writeResult(at, adOpening(w), adOrganic(w), 1, <u32>price, adRecord(w));
}

function writeResult(at: u32, opening: u32, score: f64, flags: u32, cpc: u32, ad: u32): void {
  const record = RESULTS + ((<usize>RankOutput.FirstResult + <usize>at * ResultField.Words) << 2);
  const geo = geoAt + <usize>opening * GEO_BYTES;
  const dx = load<f64>(geo) - qx;
  const dy = load<f64>(geo, 8) - qy;
  const dz = load<f64>(geo, 16) - qz;
  store<u32>(record, opening);
  store<u32>(record, flags, ResultField.Flags * 4);
  store<u32>(record, cpc, ResultField.CpcMinor * 4);
  store<u32>(
    record,
    <u32>Math.round(kmOf(dx * dx + dy * dy + dz * dz) * 1000),
    ResultField.DistanceM * 4,
  );
  store<u32>(record, <u32>Math.round(score * 1e6), ResultField.ScoreE6 * 4);
  store<u32>(record, ad, ResultField.Ad * 4);
}
