// Partial selection for `rank`, in static memory: the best organic results in a
// bounded min-heap (the worst kept at the root, so a weaker candidate costs one
// comparison), and the best ads in a short sorted list. Nothing is sorted whole.
import { RankInput, RankingLimit } from "./abi";

const HEAP_CAPACITY: u32 = <u32>RankInput.MaxLimit + <u32>RankingLimit.MaxSlots;
const HEAP_SCORES = memory.data(<i32>HEAP_CAPACITY * 8, 16);
const HEAP_OPENINGS = memory.data(<i32>HEAP_CAPACITY * 4, 16);
let heapSize: u32 = 0;
let heapCapacity: u32 = 0;

/** One more ad than slots: the runner-up sets the last winner's price. */
const AD_CAPACITY: u32 = <u32>RankingLimit.MaxSlots + 1;
// Per ad: ad score, organic score, quality × pacing (f64), then opening, ad record, bid (u32).
const AD_SCORES = memory.data(<i32>AD_CAPACITY * 8, 16);
const AD_ORGANIC = memory.data(<i32>AD_CAPACITY * 8, 16);
const AD_WEIGHTS = memory.data(<i32>AD_CAPACITY * 8, 16);
const AD_OPENINGS = memory.data(<i32>AD_CAPACITY * 4, 16);
const AD_RECORDS = memory.data(<i32>AD_CAPACITY * 4, 16);
const AD_BIDS = memory.data(<i32>AD_CAPACITY * 4, 16);
let adSize: u32 = 0;
let adLimit: u32 = 0;

/** Starts a query that keeps the best `organic` results and the best `ads` ads. */
export function resetSelection(organic: u32, ads: u32): void {
  heapSize = 0;
  heapCapacity = organic < HEAP_CAPACITY ? organic : HEAP_CAPACITY;
  adSize = 0;
  adLimit = ads < AD_CAPACITY ? ads : AD_CAPACITY;
}

// ---- organic ----

function heapScore(k: u32): f64 {
  return load<f64>(HEAP_SCORES + ((<usize>k) << 3));
}

function heapOpening(k: u32): u32 {
  return load<u32>(HEAP_OPENINGS + ((<usize>k) << 2));
}

function heapSet(k: u32, score: f64, opening: u32): void {
  store<f64>(HEAP_SCORES + ((<usize>k) << 3), score);
  store<u32>(HEAP_OPENINGS + ((<usize>k) << 2), opening);
}

/** Ranks before: the higher score, then the lower opening index (a total order). */
function better(score: f64, opening: u32, thanScore: f64, thanOpening: u32): bool {
  return score > thanScore || (score === thanScore && opening < thanOpening);
}

export function offerOrganic(score: f64, opening: u32): void {
  if (heapSize < heapCapacity) {
    let k = heapSize++;
    // Sift up: the worse of parent and child goes to the top.
    while (k > 0) {
      const parent = (k - 1) >>> 1;
      if (!better(heapScore(parent), heapOpening(parent), score, opening)) break;
      heapSet(k, heapScore(parent), heapOpening(parent));
      k = parent;
    }
    heapSet(k, score, opening);
    return;
  }
  if (heapCapacity === 0 || !better(score, opening, heapScore(0), heapOpening(0))) return;
  siftDown(0, heapSize, score, opening);
}

function siftDown(from: u32, size: u32, score: f64, opening: u32): void {
  let k = from;
  for (;;) {
    const left = k * 2 + 1;
    if (left >= size) break;
    let worst = left;
    const right = left + 1;
    if (
      right < size &&
      better(heapScore(left), heapOpening(left), heapScore(right), heapOpening(right))
    ) {
      worst = right;
    }
    if (!better(score, opening, heapScore(worst), heapOpening(worst))) break;
    heapSet(k, heapScore(worst), heapOpening(worst));
    k = worst;
  }
  heapSet(k, score, opening);
}

/** A score under this cannot enter the kept results (−∞ until they are full). */
export function organicThreshold(): f64 {
  return heapSize < heapCapacity ? -Infinity : heapScore(0);
}

/** Sorts the kept results best first, in place; returns how many there are. */
export function sortOrganic(): u32 {
  const size = heapSize;
  for (let end = size; end > 1; end--) {
    // The root is the worst of what is left: it goes to the end.
    const lastScore = heapScore(end - 1);
    const lastOpening = heapOpening(end - 1);
    heapSet(end - 1, heapScore(0), heapOpening(0));
    siftDown(0, end - 1, lastScore, lastOpening);
  }
  return size;
}

export function organicScore(k: u32): f64 {
  return heapScore(k);
}

export function organicOpening(k: u32): u32 {
  return heapOpening(k);
}

// ---- ads ----

export function adScore(k: u32): f64 {
  return load<f64>(AD_SCORES + ((<usize>k) << 3));
}

export function adOrganic(k: u32): f64 {
  return load<f64>(AD_ORGANIC + ((<usize>k) << 3));
}

/** quality × pacing of ad `k`: what its bid is multiplied by. */
export function adWeight(k: u32): f64 {
  return load<f64>(AD_WEIGHTS + ((<usize>k) << 3));
}

export function adOpening(k: u32): u32 {
  return load<u32>(AD_OPENINGS + ((<usize>k) << 2));
}

export function adRecord(k: u32): u32 {
  return load<u32>(AD_RECORDS + ((<usize>k) << 2));
}

export function adBid(k: u32): u32 {
  return load<u32>(AD_BIDS + ((<usize>k) << 2));
}

export function adsKept(): u32 {
  return adSize;
}

/** Ads rank by ad score, then the higher bid, then the lower opening index. */
function adBefore(score: f64, bid: u32, opening: u32, k: u32): bool {
  const other = adScore(k);
  if (score !== other) return score > other;
  if (bid !== adBid(k)) return bid > adBid(k);
  return opening < adOpening(k);
}

function adSet(
  k: u32,
  score: f64,
  organic: f64,
  weight: f64,
  opening: u32,
  record: u32,
  bid: u32,
): void {
  store<f64>(AD_SCORES + ((<usize>k) << 3), score);
  store<f64>(AD_ORGANIC + ((<usize>k) << 3), organic);
  store<f64>(AD_WEIGHTS + ((<usize>k) << 3), weight);
  store<u32>(AD_OPENINGS + ((<usize>k) << 2), opening);
  store<u32>(AD_RECORDS + ((<usize>k) << 2), record);
  store<u32>(AD_BIDS + ((<usize>k) << 2), bid);
}

export function offerAd(
  score: f64,
  organic: f64,
  weight: f64,
  opening: u32,
  record: u32,
  bid: u32,
): void {
  if (adLimit === 0) return;
  if (adSize === adLimit && !adBefore(score, bid, opening, adSize - 1)) return;
  let k = adSize < adLimit ? adSize++ : adLimit - 1;
  while (k > 0 && adBefore(score, bid, opening, k - 1)) {
    adSet(
      k,
      adScore(k - 1),
      adOrganic(k - 1),
      adWeight(k - 1),
      adOpening(k - 1),
      adRecord(k - 1),
      adBid(k - 1),
    );
    k--;
  }
  adSet(k, score, organic, weight, opening, record, bid);
}
