import type { Release } from "../pointer.ts";
import { claimPointers } from "./claims.ts";
import type { Placement } from "./index.ts";
import { readSpec } from "./spec.ts";

/**
 * `ranking/<CC>/<category>` = `{"bundle"}`; a Ranking without a category is the country's
 * default, `ranking/<CC>/*` (issue 6 resolves it per category when it writes snapshots).
 */
export const rankingPlacement: Placement = async ({ tx, owner, next, previous }) => {
  const key = rankingKey(next.active);
  const before = previous ? rankingKey(previous.active) : null;
  await claimPointers(tx, owner, [key]);
  const pointer = (release: Release) => JSON.stringify({ bundle: release.hash });
  const moved = before !== null && before !== key;
  return {
    puts: [[key, pointer(next.active)]],
    deletes: moved ? [before] : [],
    undo: previous
      ? { puts: [[before as string, pointer(previous.active)]], deletes: moved ? [key] : [] }
      : { puts: [], deletes: [key] },
    details: { pointer: key },
  };
};

export function rankingKey(release: Release): string {
  const { spec } = readSpec(release.source);
  return `ranking/${String(spec.country)}/${spec.category ? String(spec.category) : "*"}`;
}
