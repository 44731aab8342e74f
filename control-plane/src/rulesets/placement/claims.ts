import { and, eq, inArray, ne, notInArray } from "drizzle-orm";
import type { Database } from "../../db/open.ts";
import { pointerClaims, rulesets } from "../../db/schema.ts";
import { ApiError } from "../../error.ts";

/**
 * Takes `keys` for this rule set and releases the ones it held but no longer wants; fails with
 * 409 naming keys another rule set holds (its name only if it is the same tenant's).
 */
export async function claimPointers(
  tx: Database,
  owner: { tenant: string; rulesetId: number },
  keys: string[],
): Promise<void> {
  await tx
    .insert(pointerClaims)
    .values(keys.map((key) => ({ key, rulesetId: owner.rulesetId })))
    .onConflictDoNothing();
  const taken = await tx
    .select({ key: pointerClaims.key, tenant: rulesets.tenant, name: rulesets.name })
    .from(pointerClaims)
    .innerJoin(rulesets, eq(rulesets.id, pointerClaims.rulesetId))
    .where(and(inArray(pointerClaims.key, keys), ne(pointerClaims.rulesetId, owner.rulesetId)));
  if (taken.length > 0) {
    const held = taken.map((t) =>
      t.tenant === owner.tenant ? `${t.key} (rule set "${t.name}")` : `${t.key} (another tenant)`,
    );
    throw new ApiError(
      409,
      "pointer_claimed",
      `already published by another rule set: ${held.join(", ")}; roll that one back or rename`,
    );
  }
  await tx
    .delete(pointerClaims)
    .where(and(eq(pointerClaims.rulesetId, owner.rulesetId), notInArray(pointerClaims.key, keys)));
}
