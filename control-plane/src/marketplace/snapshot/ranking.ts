import { eq, inArray, like } from "drizzle-orm";
import type { Database } from "../../db/open.ts";
import { categories, pointerClaims, publications, rulesetVersions } from "../../db/schema.ts";
import { activeVersionOfPublication } from "../../rulesets/store.ts";

/** One search index: the published openings of one category in one country. */
export interface Scope {
  country: string;
  category: string;
}

/** The edge pointer of a scope, and a Ranking's claim: `*` is the country's default. */
export const rankingKey = (country: string, category: string | null) =>
  `ranking/${country}/${category ?? "*"}`;

export const scopeId = (s: Scope) => `${s.country}/${s.category}`;

/** The Ranking rule set that orders a scope, by its claim; `hash` of its active bundle. */
export interface AppliedRanking {
  rulesetId: number;
  hash: string;
  /** `ranking/<CC>/<category>` or the country default `ranking/<CC>/*`. */
  claim: string;
}

/** A Ranking being published: its claim is taken but its publication is not yet stored. */
export interface PendingRanking {
  rulesetId: number;
  hash: string;
}

/**
 * The Ranking for a scope: the category's own if one is published, else the country's
 * default, else null. `pending` stands in for a rule set whose publish is in progress.
 */
export async function rankingFor(
  db: Database,
  scope: Scope,
  pending?: PendingRanking,
): Promise<AppliedRanking | null> {
  const own = rankingKey(scope.country, scope.category);
  const fallback = rankingKey(scope.country, null);
  const claims = await db
    .select({
      key: pointerClaims.key,
      rulesetId: pointerClaims.rulesetId,
      hash: rulesetVersions.hash,
    })
    .from(pointerClaims)
    .leftJoin(publications, eq(publications.rulesetId, pointerClaims.rulesetId))
    .leftJoin(rulesetVersions, activeVersionOfPublication)
    .where(inArray(pointerClaims.key, [own, fallback]));
  for (const key of [own, fallback]) {
    const claim = claims.find((c) => c.key === key);
    if (!claim) continue;
    const hash = claim.rulesetId === pending?.rulesetId ? pending.hash : claim.hash;
    if (hash) return { rulesetId: claim.rulesetId, hash, claim: key };
  }
  return null;
}

/** Every category of `country`: the scopes a country-default Ranking orders. */
export async function countryScopes(db: Database, country: string): Promise<Scope[]> {
  const rows = await db.select({ id: categories.id }).from(categories).orderBy(categories.id);
  return rows.map((r) => ({ country, category: r.id }));
}

/** Countries with a default Ranking (`ranking/<CC>/*` claimed): a new category joins them. */
export async function countriesWithDefaultRanking(db: Database): Promise<string[]> {
  const rows = await db
    .select({ key: pointerClaims.key })
    .from(pointerClaims)
    .where(like(pointerClaims.key, "ranking/%/*"));
  return rows.map((r) => r.key.split("/")[1] as string);
}
