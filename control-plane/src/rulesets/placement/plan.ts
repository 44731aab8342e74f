import { and, eq, isNotNull } from "drizzle-orm";
import { subscriberShards } from "../../db/schema.ts";
import { planKey, subKey, subPointer } from "../../subscribers/pointer.ts";
import { claimPointers } from "./claims.ts";
import type { Placement } from "./index.ts";

/**
 * A carrier's MobilePlan: `plan/<tenant>` = `{"bundle"}`. Each `sub/<prefix>` pointer names the
 * plan's hash too, so publishing a plan rewrites the tenant's shard pointers (bulk writes).
 */
export const planPlacement: Placement = async ({ tx, owner, next, previous }) => {
  const key = planKey(owner.tenant);
  await claimPointers(tx, owner, [key]);
  const shards = await tx
    .select({ prefix: subscriberShards.prefix, hash: subscriberShards.hash })
    .from(subscriberShards)
    .where(and(eq(subscriberShards.tenant, owner.tenant), isNotNull(subscriberShards.hash)));
  const pointers = (planHash: string) => [
    [key, JSON.stringify({ bundle: planHash })] as const,
    ...shards.map(
      (s) =>
        [
          subKey(s.prefix),
          JSON.stringify(
            subPointer({ shard: s.hash as string, plan: planHash, tenant: owner.tenant }),
          ),
        ] as const,
    ),
  ];
  return {
    puts: pointers(next.active.hash),
    deletes: [],
    undo: previous
      ? { puts: pointers(previous.active.hash), deletes: [] }
      : { puts: [], deletes: [key] },
    details: { pointer: key, shards: shards.length },
  };
};
