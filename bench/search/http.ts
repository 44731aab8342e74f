// HTTP: the built edge on one bare workerd, its KV holding what the control plane publishes
// (the Ranking, one snapshot per category, a `ranking/SE/<category>` pointer each), searched
// at a paced 500 req/s with latency from each request's scheduled send; the constant worker
// on the same workerd at the same pace is the ceiling.
import { buildConstantWorker, EDGE_DIST, requireEdgeBuild } from "../calls/build.ts";
import { type LoadResult, type PreparedRequest, paced, saturate } from "../calls/load.ts";
import { requireEventsSent, serve } from "../calls/workerd.ts";
import type { Snapshot } from "./engine.ts";
import type { Query } from "./queries.ts";

export const RATE = 500;
export const PACED_SEC = 20;

export interface SearchHttp {
  edge: LoadResult;
  constant: LoadResult;
}

export async function measureHttp(
  ranking: { bundle: Uint8Array; hash: string },
  snapshots: Snapshot[],
  queries: Query[],
): Promise<SearchHttp> {
  requireEdgeBuild();
  const kv: Record<string, Uint8Array | string> = { [`bundle/${ranking.hash}`]: ranking.bundle };
  for (const s of snapshots) {
    kv[`bundle/${s.hash}`] = s.bytes;
    kv[`ranking/SE/${s.category}`] = JSON.stringify({
      bundle: ranking.hash,
      snapshot: s.hash,
      at: new Date().toISOString(),
    });
  }
  const served = await serve({
    edgeDir: EDGE_DIST,
    constantDir: buildConstantWorker(),
    kv,
    stateSecret: "bench-state-secret",
    edgePort: 18797,
    constantPort: 18798,
  });
  try {
    const pool: PreparedRequest[] = queries.map((q) => ({
      method: "GET",
      path: `/v1/search?${new URLSearchParams({
        country: "SE",
        category: q.category,
        lat: q.lat.toFixed(6),
        lon: q.lon.toFixed(6),
        q: q.q,
        limit: String(q.limit),
      })}`,
      headers: {},
      body: "",
    }));
    // Every category's engine loaded, and the JIT warm, before anything is measured.
    for (const s of snapshots) {
      const check = await fetch(
        `${served.edgeUrl}/v1/search?country=SE&category=${s.category}&lat=59.33&lon=18.07`,
      );
      const body = (await check.json()) as { meta?: { fallback?: boolean; reason?: string } };
      if (check.status !== 200 || body.meta?.fallback) {
        throw new Error(
          `the edge did not search ${s.category}: ${check.status} ${JSON.stringify(body.meta)}`,
        );
      }
    }
    await saturate(served.edgeUrl, pool, 16, 3);
    await saturate(served.constantUrl, pool, 16, 3);
    const edge = await paced(served.edgeUrl, pool, RATE, PACED_SEC);
    const constant = await paced(served.constantUrl, pool, RATE, PACED_SEC);
    requireEventsSent(served);
    return { edge, constant };
  } finally {
    await served.stop();
  }
}
