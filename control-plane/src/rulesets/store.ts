import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../db/open.ts";
import { publications, rulesets, rulesetVersions } from "../db/schema.ts";
import { ApiError } from "../error.ts";
import { ensureTenant } from "../tenants/store.ts";
import type { Release, Rollout } from "./pointer.ts";

/** Joins `ruleset_versions` to `publications`: the row of the active version. */
export const activeVersionOfPublication = and(
  eq(rulesetVersions.rulesetId, publications.rulesetId),
  eq(rulesetVersions.version, publications.activeVersion),
);

export type StoredVersion = typeof rulesetVersions.$inferSelect;
export type Publication = typeof publications.$inferSelect;

/** How routes name a rule set: a tenant's, or a country's (stored under `countryTenant`). */
export interface RulesetRef {
  tenant: string;
  name: string;
}

/** Countries are rule sets of this reserved tenant, named by ISO code (slugs cannot start with `_`). */
export const countryTenant = "_countries";

export function describe({ tenant, name }: RulesetRef): string {
  return tenant === countryTenant ? `country ${name}` : `rule set ${tenant}/${name}`;
}

export async function findRuleset(db: Database, ref: RulesetRef) {
  const [row] = await db
    .select({ id: rulesets.id, kind: rulesets.kind })
    .from(rulesets)
    .where(and(eq(rulesets.tenant, ref.tenant), eq(rulesets.name, ref.name)));
  return row;
}

export async function requireRuleset(db: Database, ref: RulesetRef) {
  const row = await findRuleset(db, ref);
  if (!row) throw new ApiError(404, "not_found", `${describe(ref)} does not exist`);
  return row;
}

/** Creates the tenant and rule set on first upload, then locks the rule set row for this transaction. */
export async function lockOrCreateRuleset(tx: Database, ref: RulesetRef, kind: string) {
  await ensureTenant(tx, ref.tenant);
  await tx
    .insert(rulesets)
    .values({ ...ref, kind })
    .onConflictDoNothing();
  return lockRuleset(tx, ref);
}

/** Serialises uploads and publishes of one rule set (version numbers, number claims). */
export async function lockRuleset(tx: Database, ref: RulesetRef) {
  const [row] = await tx
    .select({ id: rulesets.id, kind: rulesets.kind })
    .from(rulesets)
    .where(and(eq(rulesets.tenant, ref.tenant), eq(rulesets.name, ref.name)))
    .for("update");
  if (!row) throw new ApiError(404, "not_found", `${describe(ref)} does not exist`);
  return row;
}

export async function newestVersion(db: Database, rulesetId: number) {
  const [row] = await db
    .select()
    .from(rulesetVersions)
    .where(eq(rulesetVersions.rulesetId, rulesetId))
    .orderBy(desc(rulesetVersions.version))
    .limit(1);
  return row;
}

export async function requireVersion(db: Database, rulesetId: number, version?: number) {
  const row =
    version === undefined
      ? await newestVersion(db, rulesetId)
      : (
          await db
            .select()
            .from(rulesetVersions)
            .where(
              and(eq(rulesetVersions.rulesetId, rulesetId), eq(rulesetVersions.version, version)),
            )
        )[0];
  if (!row) {
    const what = version === undefined ? "no versions yet" : `no version ${version}`;
    throw new ApiError(404, "not_found", `rule set has ${what}; upload one with PUT first`);
  }
  return row;
}

export function listVersions(db: Database, rulesetId: number) {
  return db
    .select({
      version: rulesetVersions.version,
      hash: rulesetVersions.hash,
      author: rulesetVersions.author,
      createdAt: rulesetVersions.createdAt,
    })
    .from(rulesetVersions)
    .where(eq(rulesetVersions.rulesetId, rulesetId))
    .orderBy(desc(rulesetVersions.version));
}

export async function findPublication(db: Database, rulesetId: number) {
  const [row] = await db.select().from(publications).where(eq(publications.rulesetId, rulesetId));
  return row;
}

export function toRelease(row: StoredVersion): Release {
  return {
    version: row.version,
    hash: row.hash,
    bundle: row.bundle,
    numbers: row.numbers,
    source: row.source,
  };
}

/** What the edge serves for a rule set now, per Postgres; null before the first publish. */
export async function loadRollout(db: Database, rulesetId: number): Promise<Rollout | null> {
  const current = await findPublication(db, rulesetId);
  if (!current) return null;
  const active = toRelease(await requireVersion(db, rulesetId, current.activeVersion));
  if (current.canaryVersion === null) return { active, canary: null };
  const canary = toRelease(await requireVersion(db, rulesetId, current.canaryVersion));
  return { active, canary: { ...canary, percent: current.canaryPercent ?? 0 } };
}
