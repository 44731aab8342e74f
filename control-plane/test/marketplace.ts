/**
 * Marketplace fixtures: an enabled country, a category, providers with openings and
 * campaigns created through the API, and edge events in the shape the edge sends them.
 */
import {
  type controlPlane,
  countrySource,
  fresh,
  operator,
  rankingSource,
  token,
} from "./harness.ts";

type ControlPlane = ReturnType<typeof controlPlane>;

/** Enables SE (SEK, Europe/Stockholm) and creates `category`; idempotent. */
export async function enableMarket(cp: ControlPlane, category = "florist") {
  const ops = await operator();
  await cp.upload("_countries", countrySource({ code: "SE", callingCode: "46" }), "SE");
  const country = await cp.publish("_countries", {}, "SE");
  if (country.status !== 200) throw new Error(`SE: ${JSON.stringify(country.json)}`);
  const made = await cp.call("PUT", `/v1/categories/${category}`, {
    token: ops,
    body: { name: category },
  });
  if (made.status >= 300) throw new Error(`category: ${JSON.stringify(made.json)}`);
}

/** Publishes a Ranking (SE, `category` or the country default) as the operator. */
export async function publishRanking(
  cp: ControlPlane,
  options: { category?: string; name?: string; slots?: number[] } = {},
) {
  const name = options.name ?? `rank-${options.category ?? "default"}`;
  const source = rankingSource({
    tenant: "marketplace",
    name,
    country: "SE",
    category: options.category,
  }).concat(options.slots ? `  sponsored:\n    slots: [${options.slots.join(", ")}]\n` : "");
  const stored = await cp.upload("marketplace", source, name);
  const res = await cp.publish("marketplace", {}, name);
  if (res.status !== 200) throw new Error(`ranking: ${JSON.stringify(res.json)}`);
  return { hash: stored.hash, answer: res.json };
}

export const opening = (over: Record<string, unknown> = {}) => ({
  category: "florist",
  title: "Wedding bouquets",
  description: "Seasonal bouquets for weddings and parties, delivered the same day in Stockholm.",
  lat: 59.3326,
  lon: 18.0649,
  radiusKm: 15,
  priceMinor: 45_000,
  mediaUrl: "https://cdn.example/bouquet.jpg",
  ...over,
});

/** A fresh provider tenant in SE with its `provider` user's token. */
export async function newProvider(cp: ControlPlane) {
  const { tenant } = fresh();
  const bearer = await token({ sub: `shop@${tenant}`, role: "provider", tenant });
  const res = await cp.call("PUT", `/v1/providers/${tenant}`, {
    token: bearer,
    body: { name: `Shop ${tenant}`, country: "SE" },
  });
  if (res.status !== 201) throw new Error(`provider: ${JSON.stringify(res.json)}`);
  return { id: tenant, token: bearer };
}

/** Creates an opening (published unless `draft`); returns its answer. */
export async function newOpening(
  cp: ControlPlane,
  provider: { id: string; token: string },
  over: Record<string, unknown> = {},
  options: { draft?: boolean } = {},
) {
  const path = `/v1/providers/${provider.id}/openings`;
  const made = await cp.call("POST", path, { token: provider.token, body: opening(over) });
  if (made.status !== 201) throw new Error(`opening: ${JSON.stringify(made.json)}`);
  if (options.draft) return made.json;
  const published = await cp.call("POST", `${path}/${made.json.id}/publish`, {
    token: provider.token,
  });
  if (published.status !== 200) throw new Error(`publish: ${JSON.stringify(published.json)}`);
  return published.json;
}

export async function newCampaign(
  cp: ControlPlane,
  provider: { id: string; token: string },
  body: Record<string, unknown>,
) {
  const res = await cp.call("POST", `/v1/providers/${provider.id}/campaigns`, {
    token: provider.token,
    body: { dailyBudgetMinor: 10_000, totalBudgetMinor: 100_000, maxCpcMinor: 500, ...body },
  });
  if (res.status !== 201) throw new Error(`campaign: ${JSON.stringify(res.json)}`);
  return res.json;
}

/** One listed result of a search, as the edge reports it. */
export interface Listed {
  opening: string;
  provider: string;
  campaign: string | null;
  position: number;
  sponsored: boolean;
  cpcMinor: number;
}

const common = (queryId: string, ts: string) => ({
  ts,
  country: "SE",
  category: "florist",
  queryId,
});

export const searchEvent = (queryId: string, ts: string, results: Listed[]) => ({
  type: "market.search",
  id: `s-${queryId}`,
  ...common(queryId, ts),
  results,
});

export const clickEvent = (
  queryId: string,
  ts: string,
  result: Listed,
  id = `c-${queryId}-${result.opening}`,
) => ({
  type: "market.click",
  id,
  ...common(queryId, ts),
  ...result,
});

export const requestEvent = (queryId: string, ts: string, result: Listed, valueMinor: number) => ({
  type: "market.request",
  id: `r-${queryId}-${result.opening}`,
  ...common(queryId, ts),
  ...result,
  valueMinor,
});

/**
 * The few fields of a snapshot (docs/marketplace.md, "Snapshot format") a control-plane test
 * checks: its kind, opening count, time, and each ad's bid, quality and pacing.
 */
export function snapshotFields(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = (offset: number) => view.getUint32(offset, true);
  const sections = new Map<number, number>();
  for (let i = 0; i < word(12); i++) sections.set(word(32 + i * 12), word(32 + i * 12 + 4));
  const meta = sections.get(20) as number;
  const ads = sections.get(22) as number;
  const adCount = word(meta + 24);
  return {
    magic: new TextDecoder().decode(bytes.subarray(0, 4)),
    kind: view.getUint16(6, true),
    openings: word(meta),
    createdAt: new Date(word(meta + 16) * 60_000).toISOString(),
    ads: Array.from({ length: adCount }, (_, i) => ({
      bidMinor: word(ads + i * 20 + 8),
      qualityE3: word(ads + i * 20 + 12),
      pacingE3: word(ads + i * 20 + 16),
    })),
  };
}
