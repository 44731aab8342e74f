// `rank`: one search over the loaded snapshot with the loaded Ranking
// (docs/marketplace.md, "Ranking"). Candidates come from the latitude band the
// search radius spans (openings are sorted by latitude), narrowed by the query's
// postings: the rarest packed list drives, the other words are sought forward
// (words.ts); when every word is a bitmap the band is read 16 openings a word. Survivors get
// their organic score into a bounded heap and, with a live campaign, into the
// auction. Static memory only: nothing is allocated per query.
import {
  AdField,
  ErrorCode,
  OpeningArray,
  RankInput,
  RankingField,
  RankOutput,
  ResultField,
  SnapshotLimit,
} from "./abi";
import { NONE } from "./bundle";
import { inputWord } from "./io";
import {
  bitmapWord,
  blockAtOrBefore,
  blockBegin,
  blockCount,
  blockEnd,
  blockFirst,
  readVarint,
  varintEnd,
} from "./postings";
import { rankingLoaded, rankingWeight, rankingWord, slotCount, slotPosition } from "./ranking";
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
  organicThreshold,
  resetSelection,
  sortOrganic,
} from "./select";
import {
  adOfAt,
  adWord,
  chordSquared,
  count,
  createdMinute,
  EARTH_KM,
  GEO_BASE,
  GEO_BYTES,
  GEO_FRESH,
  GEO_REACH,
  GEO_TERM,
  geoAt,
  halfLifeMinutes,
  halving,
  K1,
  openingWord,
  snapshotLoaded,
} from "./snapshot";
import {
  driverWord,
  fieldOf,
  idfSum,
  prepareWords,
  seek,
  setField,
  wordCount,
  wordIdf,
  wordStart,
} from "./words";

export const RESULTS: usize = memory.data(
  (<i32>RankOutput.FirstResult + <i32>RankInput.MaxLimit * <i32>ResultField.Words) * 4,
  16,
);

let qx: f64 = 0;
let qy: f64 = 0;
let qz: f64 = 0;
let maxKm: f64 = 1;
let maxReach: f64 = 0;
let lonFilter: bool = false;
let lonLow: i32 = 0;
let lonHigh: i32 = 0;
/** Freshness at the snapshot's creation × this = freshness now. */
let freshNow: f64 = 1;
let wText: f64 = 0;
let wDistance: f64 = 0;
let wFreshness: f64 = 0;
let weightSum: f64 = 1;
let floor: f64 = 0;
let reserve: u32 = 0;
let adSlots: u32 = 0;
let matched: u32 = 0;
let eligible: u32 = 0;
let scanned: u32 = 0;

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
  if (wordCount !== NONE) scan(latE6);
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
  const now = inputWord(RankInput.NowMinute);
  freshNow = halving(<f64>now - <f64>createdMinute, halfLifeMinutes());
  wText = rankingWeight(RankingField.WeightText);
  wDistance = rankingWeight(RankingField.WeightDistance);
  wFreshness = rankingWeight(RankingField.WeightFreshness);
  weightSum =
    wText +
    wDistance +
    rankingWeight(RankingField.WeightRating) +
    rankingWeight(RankingField.WeightResponse) +
    wFreshness;
  maxKm = <f64>rankingWord(RankingField.MaxDistanceKm);
  floor = rankingWeight(RankingField.QualityFloor);
  reserve = rankingWord(RankingField.ReservePrice);

  // Slots past the last result position are not offered.
  adSlots = 0;
  while (adSlots < slotCount() && slotPosition(adSlots) <= limit) adSlots++;
  resetSelection(limit + adSlots, adSlots > 0 ? adSlots + 1 : 0);

  prepareWords(tokens, (t: u32): u32 => inputWord(RankInput.FirstToken + t));
  prepareGeometry(latE6, lonE6);
  return ErrorCode.Ok;
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

/** The openings whose latitude is within maxKm of the searcher's, through the query's words. */
function scan(latE6: i32): void {
  const span = <i64>((maxKm / EARTH_KM) * (180e6 / Math.PI)) + 2;
  const first = latitudeIndex(<i64>latE6 - span);
  const end = latitudeIndex(<i64>latE6 + span + 1);
  if (first >= end) return;
  const driver = driverWord();
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

/** Every opening of the band, 16 at a time through the words' bitmaps (no words: all). */
function scanBand(first: u32, end: u32): void {
  for (let word = first >>> 4; word <= (end - 1) >>> 4; word++) {
    let held: u32 = 0x55555555;
    for (let t: u32 = 0; t < wordCount; t++) {
      const bits = bitmapWord(wordStart(t), word);
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
      for (let t: u32 = 0; t < wordCount; t++) {
        setField(t, (bitmapWord(wordStart(t), word) >>> (k << 1)) & 3);
      }
      consider(opening);
    }
  }
}

/** The driver's postings within the band; every other word must hold the opening too. */
function scanList(driver: u32, first: u32, end: u32): void {
  const start = wordStart(driver);
  const blocks = blockCount(start);
  for (let block = blockAtOrBefore(start, 0, blocks, first); block < blocks; block++) {
    let at = blockBegin(start, blocks, block);
    const stop = blockEnd(start, blocks, block);
    let opening = <i32>blockFirst(start, block) - 1;
    while (at < stop) {
      const value = readVarint(at);
      at = varintEnd;
      opening += <i32>(value >>> 2) + 1;
      if (opening < <i32>first) continue;
      if (opening >= <i32>end) return;
      scanned++;
      if (outsideLongitudes(opening)) continue;
      let all = true;
      for (let t: u32 = 0; t < wordCount; t++) {
        const field = t === driver ? value & 3 : seek(t, opening);
        if (field === 0) {
          all = false;
          break;
        }
        setField(t, field);
      }
      if (all) consider(opening);
    }
  }
}

function outsideLongitudes(opening: u32): bool {
  if (!lonFilter) return false;
  const lon = <i32>openingWord(OpeningArray.LonE6, opening);
  return lon < lonLow || lon > lonHigh;
}

/**
 * Distance test, organic score, and the auction entry of one textual match. The exact
 * distance needs an arcsine; the chord (never longer than the arc) bounds the score from
 * above first, so an opening that cannot enter the results costs no arcsine, unless it has
 * a campaign (the auction needs its exact score).
 */
function consider(opening: u32): void {
  const geo = geoAt + <usize>opening * GEO_BYTES;
  const dx = load<f64>(geo) - qx;
  const dy = load<f64>(geo, 8) - qy;
  const dz = load<f64>(geo, 16) - qz;
  const chord = dx * dx + dy * dy + dz * dz;
  const reach = load<f64>(geo, GEO_REACH);
  if (chord > (reach < maxReach ? reach : maxReach)) return;
  matched++;
  let sum = load<f64>(geo, GEO_BASE);
  if (wFreshness > 0) {
    const fresh = load<f64>(geo, GEO_FRESH) * freshNow;
    sum += wFreshness * (fresh < 1 ? fresh : 1);
  }
  const ad = load<u32>(adOfAt + ((<usize>opening) << 2));
  const auction = ad !== NONE && adSlots > 0;
  // Bounds: text relevance is below 1, and the chord is no longer than the arc.
  const threshold = auction ? -Infinity : organicThreshold();
  let nearest: f64 = 0;
  if (wDistance > 0) {
    nearest = 1 - (EARTH_KM * Math.sqrt(chord)) / maxKm;
    nearest = wDistance * (nearest > 0 ? nearest : 0);
  }
  if ((sum + wText + nearest) / weightSum < threshold) return;
  if (wText > 0) sum += wText * relevance(geo);
  if ((sum + nearest) / weightSum < threshold) return;
  if (wDistance > 0) {
    const near = 1 - kmOf(chord) / maxKm;
    sum += wDistance * (near > 0 ? near : 0);
  }
  const score = sum / weightSum;
  offerOrganic(score, opening);
  if (!auction) return;
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

/**
 * BM25-like, in [0, 1): per word, the opening's term score for the fields holding it
 * (derived at load), weighted by idf, over its most. 1 with no words.
 */
function relevance(geo: usize): f64 {
  if (wordCount === 0) return 1;
  let sum: f64 = 0;
  for (let t: u32 = 0; t < wordCount; t++) {
    const term = load<f64>(geo + GEO_TERM + ((<usize>(fieldOf(t) - 1)) << 3));
    sum += wordIdf(t) * term;
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
