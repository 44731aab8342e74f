import { audit } from "../audit/index.ts";
import type { Claims } from "../auth/index.ts";
import type { Database } from "../db/open.ts";
import { publications } from "../db/schema.ts";
import { ApiError } from "../error.ts";
import type { SearchState } from "../marketplace/fields.ts";
import type { EdgePublisher } from "../publisher/index.ts";
import { applyEdgeChange } from "./edge-change.ts";
import { canaryKinds, placements } from "./placement/index.ts";
import type { Release, Rollout } from "./pointer.ts";
import {
  countryTenant,
  describe,
  loadRollout,
  lockRuleset,
  type RulesetRef,
  requireVersion,
  toRelease,
} from "./store.ts";

export interface PublishRequest extends RulesetRef {
  /** Defaults to the newest stored version (or, to promote, the canary). */
  version?: number;
  /** 1–99: serve `version` to that share of calls beside the active one; 100/absent: activate. */
  canaryPercent?: number;
  action: "ruleset.publish" | "ruleset.rollback" | "ruleset.promote";
}

/**
 * Makes a version active (or canary) in Postgres and on the edge, in one transaction: the rule
 * set row is locked, the kind's placement claims its keys, then the edge store is written —
 * bundles first, pointers last, dropped pointers deleted — and only then is the publication
 * committed. If the edge write fails the transaction rolls back, so the previous version stays
 * active everywhere. Re-publishing what is live rewrites the same keys: idempotent.
 */
export function publish(
  deps: { db: Database; publisher: EdgePublisher },
  claims: Claims,
  request: PublishRequest,
): Promise<Rollout & { search?: SearchState[] }> {
  return deps.db.transaction(async (tx) => {
    const { id, kind } = await lockRuleset(tx, request);
    const previous = await loadRollout(tx, id);
    const promoting = request.action === "ruleset.promote";
    if (promoting && !previous?.canary) {
      throw new ApiError(409, "no_canary", `${describe(request)} has no canary to promote`);
    }
    const version = promoting ? previous?.canary?.version : request.version;
    const target = toRelease(await requireVersion(tx, id, version));
    const percent = request.canaryPercent ?? 100;
    if (percent < 100 && !canaryKinds.has(kind)) {
      throw new ApiError(
        422,
        "canary_unsupported",
        `${kind} rule sets have one pointer for all traffic; publish without canaryPercent`,
      );
    }
    const next = nextRollout(previous, target, percent);

    const owner = { tenant: request.tenant, ruleset: request.name, rulesetId: id };
    const placement = placements[kind];
    if (!placement) throw new ApiError(422, "unsupported_kind", `cannot publish kind ${kind}`);
    const change = await placement({ tx, owner, next, previous });
    const live = new Set([previous?.active.hash, previous?.canary?.hash]);
    // Bundles already live are immutable and present: rewriting them only burns KV write quota.
    const bundles = [next.active, next.canary].filter(
      (r): r is Release => r !== null && !live.has(r.hash),
    );
    const kept = previous
      ? `version ${previous.active.version} stays active`
      : "nothing was activated";
    await applyEdgeChange(deps.publisher, { ...change, bundles }, kept);

    const row = {
      activeVersion: next.active.version,
      canaryVersion: next.canary?.version ?? null,
      canaryPercent: next.canary?.percent ?? null,
      publishedBy: claims.sub,
      publishedAt: new Date(),
    };
    await tx
      .insert(publications)
      .values({ rulesetId: id, ...row })
      .onConflictDoUpdate({ target: publications.rulesetId, set: row });
    const isCountry = request.tenant === countryTenant;
    await audit(tx, claims, {
      action: isCountry ? request.action.replace("ruleset.", "country.") : request.action,
      target: isCountry ? `country/${request.name}` : `ruleset/${request.tenant}/${request.name}`,
      tenant: isCountry ? undefined : request.tenant,
      details: { kind, ...row, ...change.details },
    });
    // A Ranking's placement reports what each category's search pointer now serves.
    const search = change.details.search as SearchState[] | undefined;
    return search ? { ...next, search } : next;
  });
}

function nextRollout(previous: Rollout | null, target: Release, percent: number): Rollout {
  if (percent === 100) return { active: target, canary: null };
  if (!previous) {
    throw new ApiError(
      409,
      "nothing_active",
      "a canary needs an active version; publish without canaryPercent first",
    );
  }
  if (previous.active.version === target.version) {
    throw new ApiError(409, "already_active", `version ${target.version} is already active`);
  }
  return { active: previous.active, canary: { ...target, percent } };
}
