import { and, eq, inArray, ne, notInArray } from "drizzle-orm";
import { audit } from "../audit/index.ts";
import type { Claims } from "../auth/index.ts";
import type { Database } from "../db/open.ts";
import { numbers, publications, rulesets } from "../db/schema.ts";
import { ApiError } from "../error.ts";
import type { EdgePublisher } from "../publisher/index.ts";
import {
  bundleKey,
  didKey,
  didPointer,
  type Release,
  type Rollout,
  routedNumbers,
} from "./pointer.ts";
import { findPublication, lockRuleset, requireVersion, type StoredVersion } from "./store.ts";

export interface PublishRequest {
  tenant: string;
  name: string;
  /** Defaults to the newest stored version. */
  version?: number;
  /** 1–99: serve `version` to that share of calls beside the active one; 100/absent: activate. */
  canaryPercent?: number;
  action: "ruleset.publish" | "ruleset.rollback";
}

/**
 * Makes a version active (or canary) in Postgres and on the edge, in one transaction: the rule
 * set row is locked, the numbers are claimed, then the edge store is written — bundles first,
 * pointers last, dropped numbers' pointers deleted — and only then is the publication committed.
 * If the edge write fails the transaction rolls back, so the previous version stays active.
 */
export function publish(
  deps: { db: Database; publisher: EdgePublisher },
  claims: Claims,
  request: PublishRequest,
): Promise<Rollout> {
  const { tenant, name } = request;
  return deps.db.transaction(async (tx) => {
    const { id } = await lockRuleset(tx, tenant, name);
    const target = toRelease(await requireVersion(tx, id, request.version));
    const current = await findPublication(tx, id);
    const previous = current
      ? {
          active: toRelease(await requireVersion(tx, id, current.activeVersion)),
          canary:
            current.canaryVersion === null
              ? null
              : {
                  ...toRelease(await requireVersion(tx, id, current.canaryVersion)),
                  percent: current.canaryPercent ?? 0,
                },
        }
      : null;
    const next = nextRollout(previous, target, request.canaryPercent);
    const wanted = routedNumbers(next);
    await claimNumbers(tx, { tenant, rulesetId: id }, wanted);
    const dropped = await releaseNumbers(tx, id, wanted);

    await writeEdge(deps.publisher, { tenant, ruleset: name }, next, previous, dropped);

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
    await audit(tx, claims, {
      action: request.action,
      target: `ruleset/${tenant}/${name}`,
      tenant,
      details: { ...row, numbers: wanted, dropped },
    });
    return next;
  });
}

function toRelease(row: StoredVersion): Release {
  return { version: row.version, hash: row.hash, bundle: row.bundle, numbers: row.numbers };
}

function nextRollout(previous: Rollout | null, target: Release, percent = 100): Rollout {
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

/** Takes each number for this rule set, or fails with 409 naming the numbers held elsewhere. */
async function claimNumbers(
  tx: Database,
  owner: { tenant: string; rulesetId: number },
  wanted: string[],
): Promise<void> {
  if (wanted.length === 0) return;
  // Insert first: a concurrent claim of the same number waits on the primary key, then conflicts.
  await tx
    .insert(numbers)
    .values(wanted.map((e164) => ({ e164, ...owner })))
    .onConflictDoNothing();
  const taken = await tx
    .select({ e164: numbers.e164, tenant: numbers.tenant, ruleset: rulesets.name })
    .from(numbers)
    .innerJoin(rulesets, eq(rulesets.id, numbers.rulesetId))
    .where(and(inArray(numbers.e164, wanted), ne(numbers.rulesetId, owner.rulesetId)));
  if (taken.length === 0) return;
  // Another tenant's rule set names stay private; the same tenant's are named to help.
  const held = taken.map((n) =>
    n.tenant === owner.tenant
      ? `${n.e164} (rule set "${n.ruleset}")`
      : `${n.e164} (another tenant)`,
  );
  throw new ApiError(
    409,
    "number_claimed",
    `already in use: ${held.join(", ")}; remove the numbers from that rule set first, or from this file`,
  );
}

/** Frees the numbers this rule set no longer routes and returns them. */
async function releaseNumbers(tx: Database, rulesetId: number, wanted: string[]) {
  const mine = eq(numbers.rulesetId, rulesetId);
  const rows = await tx
    .delete(numbers)
    .where(wanted.length ? and(mine, notInArray(numbers.e164, wanted)) : mine)
    .returning({ e164: numbers.e164 });
  return rows.map((r) => r.e164);
}

async function writeEdge(
  publisher: EdgePublisher,
  owner: { tenant: string; ruleset: string },
  next: Rollout,
  previous: Rollout | null,
  dropped: string[],
): Promise<void> {
  const live = new Set([previous?.active.hash, previous?.canary?.hash]);
  try {
    // Bundles already live are immutable and present: rewriting them only burns KV write quota.
    for (const release of [next.active, next.canary]) {
      if (release && !live.has(release.hash)) {
        await publisher.put(bundleKey(release.hash), release.bundle);
      }
    }
    for (const e164 of routedNumbers(next)) {
      await publisher.put(didKey(e164), JSON.stringify(didPointer(next, owner, e164)));
    }
    for (const e164 of dropped) await publisher.delete(didKey(e164));
  } catch (error) {
    await restoreEdge(publisher, owner, next, previous);
    const reason = error instanceof Error ? error.message : String(error);
    const kept = previous
      ? `version ${previous.active.version} stays active`
      : "nothing was activated";
    throw new ApiError(
      502,
      "publish_failed",
      `writing to the edge store failed (${reason}); ${kept}`,
    );
  }
}

/** Best effort: point the numbers back at what the database still says is active. */
async function restoreEdge(
  publisher: EdgePublisher,
  owner: { tenant: string; ruleset: string },
  next: Rollout,
  previous: Rollout | null,
): Promise<void> {
  const before = previous ? routedNumbers(previous) : [];
  try {
    for (const e164 of before) {
      if (previous)
        await publisher.put(didKey(e164), JSON.stringify(didPointer(previous, owner, e164)));
    }
    for (const e164 of routedNumbers(next)) {
      if (!before.includes(e164)) await publisher.delete(didKey(e164));
    }
  } catch {
    // The store is unreachable; the next successful publish rewrites every pointer anyway.
  }
}
