import { categories } from "../../db/schema.ts";
import { planScope, saveScope } from "../../marketplace/snapshot/publish.ts";
import {
  countryScopes,
  rankingKey,
  type Scope,
  scopeId,
} from "../../marketplace/snapshot/ranking.ts";
import type { Release } from "../pointer.ts";
import { claimPointers } from "./claims.ts";
import type { Placement } from "./index.ts";
import { readSpec } from "./spec.ts";

/**
 * A Ranking claims `ranking/<CC>/<category>`, or `ranking/<CC>/*` when it has no category (the
 * country's default). The edge reads exactly one pointer per search, so the claim is resolved
 * here: every scope the Ranking orders — its category, or each category without a Ranking of
 * its own — gets `ranking/<CC>/<category>` = `{bundle, snapshot, at}` with a fresh snapshot
 * (docs/marketplace.md). Scopes it stops ordering (the category moved) fall back to the
 * country's default, or lose their pointer. Nothing is written for a country that is not
 * enabled: a snapshot needs its currency. A category named by a Ranking is created if new.
 */
export const rankingPlacement: Placement = async ({ tx, owner, next, previous }) => {
  const claim = rankingClaim(next.active);
  const before = previous ? rankingClaim(previous.active) : null;
  await claimPointers(tx, owner, [claim]);
  // A Ranking for a category brings the category into being, as a first upload does a tenant.
  const [, , category] = claim.split("/");
  if (category && category !== "*") {
    await tx.insert(categories).values({ id: category, name: category }).onConflictDoNothing();
  }
  const scopes = await scopesOf(tx, claim);
  if (before && before !== claim) scopes.push(...(await scopesOf(tx, before)));
  const unique = [...new Map(scopes.map((s) => [scopeId(s), s])).values()];
  const pending = { rulesetId: owner.rulesetId, hash: next.active.hash };
  const plans = [];
  for (const scope of unique.sort((a, b) => scopeId(a).localeCompare(scopeId(b)))) {
    const plan = await planScope(tx, scope, { now: new Date(), pending, force: true });
    await saveScope(tx, plan); // rolled back with the publish if the edge write fails
    plans.push(plan);
  }
  const changes = plans.map((p) => p.change);
  return {
    blobs: changes.flatMap((c) => c.blobs ?? []),
    puts: changes.flatMap((c) => c.puts),
    deletes: changes.flatMap((c) => c.deletes),
    undo: {
      puts: changes.flatMap((c) => c.undo.puts),
      deletes: changes.flatMap((c) => c.undo.deletes),
    },
    details: {
      claim,
      search: plans.map((p) => ({
        ...p.state,
        pointer: rankingKey(p.scope.country, p.scope.category),
      })),
    },
  };
};

/** The key a Ranking release claims: its country and category, `*` for the default. */
export function rankingClaim(release: Release): string {
  const { spec } = readSpec(release.source);
  return rankingKey(String(spec.country), spec.category ? String(spec.category) : null);
}

async function scopesOf(tx: Parameters<Placement>[0]["tx"], claim: string): Promise<Scope[]> {
  const [, country = "", category = "*"] = claim.split("/");
  return category === "*" ? countryScopes(tx, country) : [{ country, category }];
}
