// The benchmark's Ranking: one rule file for the whole country (no category), so the same
// bundle ranks every category's snapshot and the single 50,000-opening snapshot.
import { compile } from "@switchboard/rules-compiler";

export const RANKING = {
  weights: { text: 0.3, distance: 0.3, rating: 0.2, responseRate: 0.15, freshness: 0.05 },
  freshnessHalfLifeDays: 30,
  maxDistanceKm: 10,
  slots: [1, 5],
  qualityFloor: 0.3,
  reservePrice: 100,
} as const;

export const RANKING_YAML = `apiVersion: switchboard/v1
kind: Ranking
metadata: { name: bench, tenant: marketplace }
spec:
  country: SE
  weights: ${JSON.stringify(RANKING.weights)}
  freshnessHalfLifeDays: ${RANKING.freshnessHalfLifeDays}
  maxDistanceKm: ${RANKING.maxDistanceKm}
  sponsored:
    slots: ${JSON.stringify(RANKING.slots)}
    qualityFloor: ${RANKING.qualityFloor}
    reservePrice: ${RANKING.reservePrice}
`;

export function rankingBundle(): { bundle: Uint8Array; hash: string } {
  const compiled = compile(RANKING_YAML, { file: "bench-ranking.yaml" });
  if (!compiled.ok) throw new Error(`bench Ranking: ${JSON.stringify(compiled.diagnostics)}`);
  return compiled;
}
