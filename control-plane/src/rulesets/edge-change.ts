import { ApiError, reasonOf } from "../error.ts";
import type { EdgePublisher } from "../publisher/index.ts";
import { bundleKey, type Release } from "./pointer.ts";

type Entry = readonly [string, string];

/** What one publish writes to the edge store, and how to put the previous state back. */
export interface EdgeChange {
  /** Bundles the new rollout needs that are not live yet (immutable; never undone). */
  bundles: Release[];
  /** Other content-addressed bytes the pointers name (snapshots): `bundle/<sha256>` entries. */
  blobs?: (readonly [string, Uint8Array])[];
  /** Pointers, written after every bundle so the edge never reads a dangling pointer. */
  puts: Entry[];
  /** Pointers the rule set no longer owns; deleted last. */
  deletes: string[];
  undo: { puts: Entry[]; deletes: string[] };
  /** Recorded in the audit entry. */
  details: Record<string, unknown>;
}

/**
 * Writes bundles, then pointers, then deletions. On any failure it makes a best-effort pass to
 * restore the previous pointers and answers 502 naming what stays active; the caller's database
 * transaction then rolls back, so Postgres and the edge both keep the previous version.
 */
export async function applyEdgeChange(
  publisher: EdgePublisher,
  change: EdgeChange,
  kept: string,
): Promise<void> {
  try {
    await publisher.putMany([
      ...change.bundles.map((b) => [bundleKey(b.hash), b.bundle] as const),
      ...(change.blobs ?? []),
    ]);
    await publisher.putMany(change.puts);
    if (change.deletes.length > 0) await publisher.deleteMany(change.deletes);
  } catch (error) {
    try {
      await publisher.putMany(change.undo.puts);
      if (change.undo.deletes.length > 0) await publisher.deleteMany(change.undo.deletes);
    } catch {
      // The store is unreachable; the next successful publish rewrites every pointer anyway.
    }
    const reason = reasonOf(error);
    throw new ApiError(
      502,
      "publish_failed",
      `writing to the edge store failed (${reason}); ${kept}`,
    );
  }
}
