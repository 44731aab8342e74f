/** One side of a publication: a stored version the edge can load by hash. */
export interface Release {
  version: number;
  hash: string;
  bundle: Uint8Array;
  numbers: string[];
  /** The rule file, for placements that read fields the bundle key depends on. */
  source: string;
}

export interface Rollout {
  active: Release;
  canary: (Release & { percent: number }) | null;
}

/** `did/<E164>` as the edge reads it (docs/control-plane.md, "KV layout"). */
export interface DidPointer {
  bundle: string;
  tenant: string;
  ruleset: string;
  version: number;
  canary: { bundle: string; version: number; percent: number } | null;
}

export const bundleKey = (hash: string) => `bundle/${hash}`;
export const didKey = (e164: string) => `did/${e164}`;

/** Every number the rollout routes: the active version's and the canary's. */
export function routedNumbers(rollout: Rollout): string[] {
  return [...new Set([...rollout.active.numbers, ...(rollout.canary?.numbers ?? [])])];
}

/**
 * The pointer for one number. A number only the canary knows has no active bundle to split
 * traffic with, so it is served by the canary outright.
 */
export function didPointer(
  rollout: Rollout,
  owner: { tenant: string; ruleset: string },
  e164: string,
): DidPointer {
  const { active, canary } = rollout;
  const main = active.numbers.includes(e164) || !canary ? active : canary;
  const split = canary && main === active && canary.numbers.includes(e164) ? canary : null;
  return {
    bundle: main.hash,
    tenant: owner.tenant,
    ruleset: owner.ruleset,
    version: main.version,
    canary: split ? { bundle: split.hash, version: split.version, percent: split.percent } : null,
  };
}
