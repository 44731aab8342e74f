import { and, eq, inArray, ne, notInArray } from "drizzle-orm";
import type { Database } from "../../db/open.ts";
import { numbers, rulesets } from "../../db/schema.ts";
import { ApiError } from "../../error.ts";
import { didKey, didPointer, type Rollout, routedNumbers } from "../pointer.ts";
import type { Placement } from "./index.ts";

/** A Pbx is reached through `did/<E164>` pointers, one per number it (or its canary) lists. */
export const pbxPlacement: Placement = async ({ tx, owner, next, previous }) => {
  const wanted = routedNumbers(next);
  await claimNumbers(tx, owner, wanted);
  const dropped = await releaseNumbers(tx, owner.rulesetId, wanted);
  const pointers = (rollout: Rollout, list: string[]) =>
    list.map((e164) => [didKey(e164), JSON.stringify(didPointer(rollout, owner, e164))] as const);
  const before = previous ? routedNumbers(previous) : [];
  return {
    puts: pointers(next, wanted),
    deletes: dropped.map(didKey),
    undo: {
      puts: previous ? pointers(previous, before) : [],
      deletes: wanted.filter((e164) => !before.includes(e164)).map(didKey),
    },
    details: { numbers: wanted, dropped },
  };
};

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
    .values(wanted.map((e164) => ({ e164, tenant: owner.tenant, rulesetId: owner.rulesetId })))
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
