// Search fixtures: Ranking rule files compiled by @switchboard/rules-compiler and
// snapshots made by its encoder, loaded into the built engine.
import { encodeSnapshot, type SnapshotAd, type SnapshotOpening } from "@switchboard/rules-compiler";
import { SearchEngine } from "../src/index.ts";
import { bundleOf, engineModule } from "./compiled.ts";

export const NOW = new Date("2026-11-21T12:00:00Z");
/** Where searchers stand, and openings are placed from. */
export const HOME = { lat: 59, lon: 18 };
const EARTH_KM = 6371.0088;

export interface RankingSpec {
  weights: Partial<Record<"text" | "distance" | "rating" | "responseRate" | "freshness", number>>;
  maxDistanceKm?: number;
  slots?: number[];
  qualityFloor?: number;
  reservePrice?: number;
  halfLifeDays?: number;
  category?: string | null;
}

export function rankingYaml(spec: RankingSpec): string {
  const { weights, slots = [], qualityFloor = 0, reservePrice = 0 } = spec;
  const category = spec.category === undefined ? "florist" : spec.category;
  return `apiVersion: switchboard/v1
kind: Ranking
metadata: { name: test, tenant: marketplace }
spec:
  country: SE
${category === null ? "" : `  category: ${category}\n`}  weights: ${JSON.stringify(weights)}
  freshnessHalfLifeDays: ${spec.halfLifeDays ?? 30}
  maxDistanceKm: ${spec.maxDistanceKm ?? 50}
  sponsored: { slots: ${JSON.stringify(slots)}, qualityFloor: ${qualityFloor}, reservePrice: ${reservePrice} }
`;
}

/** The example Ranking of the florist category in Sweden. */
export const rankingSource = rankingYaml({
  weights: { text: 0.3, distance: 0.3, rating: 0.2, responseRate: 0.15, freshness: 0.05 },
  maxDistanceKm: 25,
  slots: [1, 5],
  qualityFloor: 0.35,
  reservePrice: 200,
});

/** An opening at HOME with neutral features; `over` changes what a test is about. */
export function opening(id: string, over: Partial<SnapshotOpening> = {}): SnapshotOpening {
  return {
    id,
    providerId: `p-${id}`,
    title: `Shop ${id}`,
    description: "",
    ...HOME,
    radiusKm: 100,
    rating: 0,
    responseRate: 0,
    publishedAt: NOW.toISOString(),
    priceMinor: 10_000,
    mediaUrl: null,
    ad: null,
    ...over,
  };
}

export function ad(bidMinor: number, quality = 1, pacing = 1, campaignId?: string): SnapshotAd {
  return {
    campaignId: campaignId ?? `c-${bidMinor}-${quality}-${pacing}`,
    bidMinor,
    quality,
    pacing,
  };
}

export function snapshotOf(openings: SnapshotOpening[], category = "florist"): Uint8Array {
  return encodeSnapshot({
    country: "SE",
    category,
    currency: "SEK",
    createdAt: NOW.toISOString(),
    openings,
  }).bytes;
}

export function searchEngine(spec: RankingSpec | string, openings: SnapshotOpening[]) {
  const ranking = bundleOf(typeof spec === "string" ? spec : rankingYaml(spec));
  return SearchEngine.load(engineModule, ranking, snapshotOf(openings));
}

/** A point `km` due north of HOME (a meridian is a great circle: the distance is exact). */
export function north(km: number): { lat: number; lon: number } {
  return { lat: HOME.lat + ((km / EARTH_KM) * 180) / Math.PI, lon: HOME.lon };
}

/** Great-circle distance by the haversine formula, in km. */
export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
