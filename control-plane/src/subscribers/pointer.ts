/** `plan/<tenant>` → `{"bundle": "<MobilePlan sha256>"}` */
export const planKey = (tenant: string) => `plan/${tenant}`;

/** `sub/<prefix>`: the number without its last two digits (docs/bundle-format.md). */
export const subKey = (prefix: string) => `sub/${prefix}`;

/** `sub/<prefix>` → the shard table's hash, the carrier's plan hash and the carrier tenant. */
export function subPointer(p: { shard: string; plan: string; tenant: string }) {
  return { bundle: p.shard, plan: p.plan, tenant: p.tenant };
}
