/**
 * Where an opening ranks for a search, worked out in the control plane: the scope's Ranking and
 * a snapshot of what is searchable now, run in the same engine the edge runs. It neither asks
 * the edge (a search there counts impressions for every listed provider) nor changes anything.
 */
import { encodeSnapshot } from "@switchboard/rules-compiler";
import { loadEngineModule, SearchEngine } from "@switchboard/wasm/node";
import { eq } from "drizzle-orm";
import type { Database } from "../../db/open.ts";
import { rulesetVersions } from "../../db/schema.ts";
import { countrySettings } from "../country.ts";
import type { ProviderRow } from "../providers/store.ts";
import { snapshotInput } from "../snapshot/input.ts";
import { rankingFor } from "../snapshot/ranking.ts";

export interface PreviewQuery {
  q?: string;
  lat: number;
  lon: number;
  limit: number;
}

export type Preview =
  | { ranked: false; reason: string }
  | {
      ranked: true;
      /** the opening's position, null when it is not among the results */
      position: number | null;
      sponsored: boolean;
      matched: number;
      results: {
        position: number;
        opening: string;
        title: string;
        priceMinor: number;
        distanceKm: number;
        sponsored: boolean;
        own: boolean;
      }[];
    };

let engineModule: Promise<WebAssembly.Module> | undefined;

export async function previewRank(
  db: Database,
  provider: ProviderRow,
  opening: { id: string; category: string; status: string },
  query: PreviewQuery,
  now = new Date(),
): Promise<Preview> {
  if (opening.status !== "published") {
    return { ranked: false, reason: `the opening is ${opening.status}: publish it to be searched` };
  }
  const scope = { country: provider.country, category: opening.category };
  const country = await countrySettings(db, scope.country);
  if (!country) return { ranked: false, reason: `country ${scope.country} is not enabled` };
  const ranking = await rankingFor(db, scope);
  if (!ranking) {
    return {
      ranked: false,
      reason: `no Ranking orders ${scope.category} in ${scope.country}; an operator must publish one`,
    };
  }
  const [bundle] = await db
    .select({ bytes: rulesetVersions.bundle })
    .from(rulesetVersions)
    .where(eq(rulesetVersions.hash, ranking.hash))
    .limit(1);
  if (!bundle) return { ranked: false, reason: "the Ranking's bundle is missing" };
  const snapshot = encodeSnapshot(await snapshotInput(db, scope, country, now));
  engineModule ??= loadEngineModule();
  const engine = SearchEngine.load(await engineModule, bundle.bytes, snapshot.bytes);
  const answer = engine.search({ ...query, at: now });
  const mine = answer.results.find((r) => r.opening === opening.id);
  return {
    ranked: true,
    position: mine?.position ?? null,
    sponsored: mine?.sponsored ?? false,
    matched: answer.matched,
    results: answer.results.map((r) => ({
      position: r.position,
      opening: r.opening,
      title: r.title,
      priceMinor: r.priceMinor,
      distanceKm: r.distanceKm,
      sponsored: r.sponsored,
      own: r.provider === provider.id,
    })),
  };
}
