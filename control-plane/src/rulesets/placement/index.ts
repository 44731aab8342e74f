import type { Database } from "../../db/open.ts";
import type { EdgeChange } from "../edge-change.ts";
import type { Rollout } from "../pointer.ts";
import { countryPlacement } from "./country.ts";
import { pbxPlacement } from "./pbx.ts";
import { planPlacement } from "./plan.ts";
import { rankingPlacement } from "./ranking.ts";

export interface PlacementContext {
  tx: Database;
  owner: { tenant: string; ruleset: string; rulesetId: number };
  next: Rollout;
  previous: Rollout | null;
}

/** Where a kind's bundle is pointed at on the edge; claims its keys in the transaction. */
export type Placement = (context: PlacementContext) => Promise<Omit<EdgeChange, "bundles">>;

export const placements: Record<string, Placement> = {
  Pbx: pbxPlacement,
  MobilePlan: planPlacement,
  Country: countryPlacement,
  Ranking: rankingPlacement,
};

/** Kinds whose pointer can split traffic between two bundles (per-number `did/` pointers). */
export const canaryKinds = new Set(["Pbx"]);
