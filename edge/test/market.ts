/**
 * Seeds the edge's KV with a marketplace exactly as the control plane publishes it
 * (docs/marketplace.md, "KV keys"): a compiled Ranking bundle and an encoded snapshot under
 * `bundle/<sha256>`, then the pointer `ranking/<CC>/<category>` naming both.
 */
import { env } from "cloudflare:workers";
import {
  compile,
  encodeSnapshot,
  type SnapshotAd,
  type SnapshotOpening,
} from "@switchboard/rules-compiler";
import { fetchDirect } from "./direct.ts";

export const STOCKHOLM = { lat: 59.33, lon: 18.06 };

let categories = 0;
/** A category no other test publishes (the isolate caches pointers for a second). */
export function newCategory(): string {
  categories += 1;
  return `cat-${Date.now() % 1_000_000}-${categories}`;
}

export function rankingSource(category: string, sponsored = "{ slots: [1], reservePrice: 100 }") {
  return `apiVersion: switchboard/v1
kind: Ranking
metadata: { name: ${category}, tenant: marketplace }
spec:
  country: SE
  category: ${category}
  weights: { rating: 1 }
  maxDistanceKm: 20
  sponsored: ${sponsored}
`;
}

/** An opening in Stockholm, scored by its rating alone (the rankingSource weights). */
export function opening(id: string, rating: number, ad: SnapshotAd | null = null): SnapshotOpening {
  return {
    id,
    providerId: `provider-${id}`,
    title: `Flowers by ${id}`,
    description: "Roses and tulips, delivered the same day.",
    lat: STOCKHOLM.lat + 0.01,
    lon: STOCKHOLM.lon,
    radiusKm: 15,
    rating,
    responseRate: 0.9,
    publishedAt: "2026-11-01T00:00:00Z",
    priceMinor: 45_000,
    mediaUrl: `https://media.example/${id}.jpg`,
    ad,
  };
}

export function snapshotBytes(category: string, openings: SnapshotOpening[]) {
  return encodeSnapshot({
    country: "SE",
    category,
    currency: "SEK",
    createdAt: "2026-11-21T10:00:00Z",
    openings,
  });
}

export interface Market {
  category: string;
  ranking: string;
  snapshot: string;
}

/** Publishes a Ranking and a snapshot of `openings`, then points the category at them. */
export async function publishMarket(
  openings: SnapshotOpening[],
  category = newCategory(),
  sponsored?: string,
): Promise<Market> {
  const compiled = compile(rankingSource(category, sponsored));
  if (!compiled.ok) throw new Error(`does not compile: ${JSON.stringify(compiled.diagnostics)}`);
  const { bytes, hash } = snapshotBytes(category, openings);
  await env.EDGE_KV.put(`bundle/${compiled.hash}`, compiled.bundle);
  await env.EDGE_KV.put(`bundle/${hash}`, bytes);
  await pointMarket(category, compiled.hash, hash);
  return { category, ranking: compiled.hash, snapshot: hash };
}

export async function pointMarket(category: string, ranking: string, snapshot?: string) {
  await env.EDGE_KV.put(
    `ranking/SE/${category}`,
    JSON.stringify({
      bundle: ranking,
      ...(snapshot ? { snapshot } : {}),
      at: new Date().toISOString(),
    }),
  );
}

export function searchRequest(params: Record<string, string | number>): Request {
  const query = new URLSearchParams(
    Object.entries({ country: "SE", ...STOCKHOLM, ...params }).map(([k, v]): [string, string] => [
      k,
      String(v),
    ]),
  );
  return new Request(`http://edge.test/v1/search?${query}`);
}

export interface SearchBody {
  results: {
    opening: string;
    provider: string;
    title: string;
    priceMinor: number;
    currency: string;
    mediaUrl: string | null;
    distanceKm: number;
    position: number;
    sponsored: boolean;
    score: number;
    token: string;
  }[];
  meta: Record<string, unknown>;
}

/** Searches with `bindings` replacing the Worker's (a broken KV, a queue that keeps events). */
export async function searchDirect(
  params: Record<string, string | number>,
  bindings: Partial<Env> = {},
): Promise<{ status: number; body: SearchBody; response: Response }> {
  const response = await fetchDirect(searchRequest(params), bindings);
  return { status: response.status, body: (await response.json()) as SearchBody, response };
}

export function postEvent(body: unknown, bindings: Partial<Env> = {}): Promise<Response> {
  return fetchDirect(
    new Request("http://edge.test/v1/events", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    bindings,
  );
}
