// The benchmark's searches: a category (as often as it has openings), a point within 15 km
// of the centre, top 20 within 10 km, and one word: a very common one (in a third to nearly
// all of the openings) or a rare one (in 5–30 openings of the whole country).
import { tokenize } from "@switchboard/wasm";
import { CENTRE, type Marketplace, pointNear, prng } from "./generate.ts";

export type TermKind = "common" | "rare";

export interface Query {
  kind: TermKind;
  category: string;
  lat: number;
  lon: number;
  q: string;
  limit: number;
}

export const LIMIT = 20;

export function documentFrequencies(market: Marketplace): Map<string, number> {
  const df = new Map<string, number>();
  for (const o of market.openings) {
    for (const word of new Set([...tokenize(o.title), ...tokenize(o.description)])) {
      df.set(word, (df.get(word) ?? 0) + 1);
    }
  }
  return df;
}

/** `count` searches of each kind, interleaved, the same on every run. */
export function searches(market: Marketplace, count: number, seed = 7): Query[] {
  const random = prng(seed);
  const df = documentFrequencies(market);
  const n = market.openings.length;
  const common = [...df]
    .filter(([, d]) => d >= n / 3)
    .map(([w]) => w)
    .sort();
  const rare = [...df]
    .filter(([, d]) => d >= 5 && d <= 30)
    .map(([w]) => w)
    .sort();
  if (common.length === 0 || rare.length === 0) throw new Error("no common or rare words");
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const out: Query[] = [];
  for (let i = 0; i < count; i++) {
    for (const kind of ["common", "rare"] as const) {
      const opening = pick(market.openings);
      const point = pointNear(random, CENTRE, 15);
      out.push({
        kind,
        category: opening.category,
        // As a search URL gives them (and the engine keeps them): micro-degrees.
        lat: Math.round(point.lat * 1e6) / 1e6,
        lon: Math.round(point.lon * 1e6) / 1e6,
        q: pick(kind === "common" ? common : rare),
        limit: LIMIT,
      });
    }
  }
  return out;
}
