import { and, desc, eq } from "drizzle-orm";
import type { Database } from "../db/open.ts";
import { publications, rulesets, rulesetVersions, tenants } from "../db/schema.ts";
import { ApiError } from "../error.ts";

export type StoredVersion = typeof rulesetVersions.$inferSelect;
export type Publication = typeof publications.$inferSelect;

export async function findRuleset(db: Database, tenant: string, name: string) {
  const [row] = await db
    .select({ id: rulesets.id })
    .from(rulesets)
    .where(and(eq(rulesets.tenant, tenant), eq(rulesets.name, name)));
  return row;
}

export async function requireRuleset(db: Database, tenant: string, name: string) {
  const row = await findRuleset(db, tenant, name);
  if (!row) throw new ApiError(404, "not_found", `rule set ${tenant}/${name} does not exist`);
  return row;
}

/** Creates the tenant and rule set on first upload, then locks the rule set row for this transaction. */
export async function lockOrCreateRuleset(tx: Database, tenant: string, name: string) {
  await tx.insert(tenants).values({ id: tenant }).onConflictDoNothing();
  await tx.insert(rulesets).values({ tenant, name }).onConflictDoNothing();
  return lockRuleset(tx, tenant, name);
}

/** Serialises uploads and publishes of one rule set (version numbers, number claims). */
export async function lockRuleset(tx: Database, tenant: string, name: string) {
  const [row] = await tx
    .select({ id: rulesets.id })
    .from(rulesets)
    .where(and(eq(rulesets.tenant, tenant), eq(rulesets.name, name)))
    .for("update");
  if (!row) throw new ApiError(404, "not_found", `rule set ${tenant}/${name} does not exist`);
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
