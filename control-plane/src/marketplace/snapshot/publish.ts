/**
 * Snapshots to the edge: per country and category, the searchable openings with their ranking
 * features and pacing, encoded by the compiler's `encodeSnapshot`, written as
 * `bundle/<sha256>`, then the pointer `ranking/<CC>/<category>` =
 * `{"bundle": <Ranking sha256>, "snapshot": <snapshot sha256>, "at": <ISO>}`.
 * A scope's `market_snapshots` row is locked while its snapshot is built and written, so a
 * slower, older snapshot never overwrites a newer one.
 */
import { encodeSnapshot, sha256Hex } from "@switchboard/rules-compiler";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../db/open.ts";
import { marketSnapshots } from "../../db/schema.ts";
import { reasonOf } from "../../error.ts";
import type { EdgePublisher } from "../../publisher/index.ts";
import { applyEdgeChange, type EdgeChange } from "../../rulesets/edge-change.ts";
import { bundleKey } from "../../rulesets/pointer.ts";
import { countrySettings } from "../country.ts";
import type { SearchState } from "../fields.ts";
import { snapshotInput } from "./input.ts";
import { type PendingRanking, rankingFor, rankingKey, type Scope, scopeId } from "./ranking.ts";

export interface PublishDeps {
  db: Database;
  publisher: EdgePublisher;
}

type Row = typeof marketSnapshots.$inferSelect;

/** What one scope needs on the edge; nothing is written until it is applied. */
export interface ScopePlan {
  scope: Scope;
  state: SearchState;
  change: Omit<EdgeChange, "bundles" | "details">;
  /** The scope's row after the change; null when nothing changed. */
  row: Row | null;
}

export interface PlanOptions {
  now: Date;
  /** A Ranking whose publish is in progress (its placement calls this). */
  pending?: PendingRanking;
  /** Write even when the content is unchanged (a Ranking publish repairs the edge). */
  force?: boolean;
}

/** Locks the scope's row and works out its snapshot and pointer (inside `tx`). */
export async function planScope(
  tx: Database,
  scope: Scope,
  options: PlanOptions,
): Promise<ScopePlan> {
  const key = rankingKey(scope.country, scope.category);
  const current = await lockRow(tx, scope);
  const country = await countrySettings(tx, scope.country);
  const ranking = country && (await rankingFor(tx, scope, options.pending));
  const empty = { blobs: [], puts: [], deletes: [], undo: { puts: [], deletes: [] } };
  if (!country || !ranking) {
    const state = { searchable: false, reason: unsearchable(scope, country !== null) };
    if (!current.pointer) return { scope, state, change: empty, row: null };
    const row = { ...current, pointer: null, ranking: null, snapshot: null, fingerprint: null };
    const change = {
      ...empty,
      deletes: [key],
      undo: { puts: [[key, current.pointer] as const], deletes: [] },
    };
    return { scope, state, change, row: { ...row, openings: 0, ads: 0, publishedAt: options.now } };
  }

  const input = await snapshotInput(tx, scope, country, options.now);
  const fingerprint = sha256Hex(
    new TextEncoder().encode(JSON.stringify({ ranking: ranking.hash, ...input, createdAt: null })),
  );
  if (!options.force && current.pointer && current.fingerprint === fingerprint) {
    return { scope, state: stateOf(current), change: empty, row: null };
  }
  const { bytes, hash } = encodeSnapshot(input);
  const at = input.createdAt;
  const pointer = JSON.stringify({ bundle: ranking.hash, snapshot: hash, at });
  const row: Row = {
    ...current,
    pointer,
    ranking: ranking.hash,
    snapshot: hash,
    fingerprint,
    openings: input.openings.length,
    ads: input.openings.filter((o) => o.ad && o.ad.pacing > 0).length,
    publishedAt: options.now,
  };
  const change = {
    blobs: [[bundleKey(hash), bytes] as const],
    puts: [[key, pointer] as const],
    deletes: [],
    undo: current.pointer
      ? { puts: [[key, current.pointer] as const], deletes: [] }
      : { puts: [], deletes: [key] },
  };
  return { scope, state: stateOf(row), change, row };
}

/** Stores a planned row (in the transaction that applied its change). */
export async function saveScope(tx: Database, plan: ScopePlan): Promise<void> {
  if (!plan.row) return;
  const { country, category, ...values } = plan.row;
  await tx
    .update(marketSnapshots)
    .set(values)
    .where(and(eq(marketSnapshots.country, country), eq(marketSnapshots.category, category)));
}

/**
 * Rebuilds and publishes each scope in its own transaction: a scope whose edge write fails
 * keeps its previous pointer (and Postgres its previous row) and says so in its state; the
 * next minute's refresh tries again. Unchanged scopes write nothing.
 */
export async function publishScopes(
  deps: PublishDeps,
  scopes: readonly Scope[],
  options: PlanOptions = { now: new Date() },
): Promise<Map<string, SearchState>> {
  const states = new Map<string, SearchState>();
  const unique = [...new Map(scopes.map((s) => [scopeId(s), s])).values()].sort((a, b) =>
    scopeId(a).localeCompare(scopeId(b)),
  );
  for (const scope of unique) {
    try {
      const state = await deps.db.transaction(async (tx) => {
        const plan = await planScope(tx, scope, options);
        if (!plan.row) return plan.state;
        await applyEdgeChange(
          deps.publisher,
          { ...plan.change, bundles: [], details: {} },
          "the edge keeps the previous snapshot",
        );
        await saveScope(tx, plan);
        return plan.state;
      });
      states.set(scopeId(scope), state);
    } catch (error) {
      const reason = `not yet: publishing the snapshot failed (${reasonOf(error)}); the control plane retries within a minute`;
      states.set(scopeId(scope), { searchable: false, reason });
    }
  }
  return states;
}

async function lockRow(tx: Database, scope: Scope): Promise<Row> {
  await tx.insert(marketSnapshots).values(scope).onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(marketSnapshots)
    .where(
      and(eq(marketSnapshots.country, scope.country), eq(marketSnapshots.category, scope.category)),
    )
    .for("update");
  return row as Row;
}

function unsearchable(scope: Scope, countryEnabled: boolean): string {
  return countryEnabled
    ? `no Ranking rule set is published for ${scopeId(scope)}, nor a default one for ${scope.country}: an operator must publish one before the edge can search this category`
    : `country ${scope.country} is not enabled (no published Country rule file), so its openings are not searchable`;
}

/**
 * What the edge serves for a scope, from the last publish (no writes): for answers that read.
 * `since`: a change the snapshot must include; an older snapshot is reported as pending.
 */
export async function readScopeState(
  db: Database,
  scope: Scope,
  since?: Date,
): Promise<SearchState> {
  const [row] = await db
    .select()
    .from(marketSnapshots)
    .where(
      and(eq(marketSnapshots.country, scope.country), eq(marketSnapshots.category, scope.category)),
    );
  if (row?.pointer && row.publishedAt && (!since || row.publishedAt >= since)) return stateOf(row);
  const country = await countrySettings(db, scope.country);
  if (!country || !(await rankingFor(db, scope))) {
    return { searchable: false, reason: unsearchable(scope, country !== null) };
  }
  return {
    searchable: false,
    reason: "not yet: the next snapshot (at most a minute away) will include the latest changes",
  };
}

function stateOf(row: Row): SearchState {
  if (!row.pointer || !row.ranking || !row.snapshot || !row.publishedAt) {
    return { searchable: false, reason: "nothing is published for this category yet" };
  }
  return {
    searchable: true,
    pointer: rankingKey(row.country, row.category),
    ranking: row.ranking,
    snapshot: row.snapshot,
    at: (JSON.parse(row.pointer) as { at: string }).at,
  };
}

/**
 * Every scope the edge may hold a snapshot for, or should, for the once-a-minute refresh:
 * those with published openings, those with a pointer, and those a Ranking claims (its
 * category, or every category for a country default), so a country enabled after its Ranking
 * was published becomes searchable within a minute.
 */
export async function liveScopes(db: Database): Promise<Scope[]> {
  const rows = (await db.execute(sql`
    SELECT p.country, o.category FROM openings o JOIN providers p ON p.id = o.provider
    WHERE o.status = 'published' AND p.enabled
    UNION
    SELECT country, category FROM market_snapshots WHERE pointer IS NOT NULL
    UNION
    SELECT split_part(key, '/', 2), split_part(key, '/', 3) FROM pointer_claims
    WHERE key LIKE 'ranking/%' AND key NOT LIKE 'ranking/%/*'
    UNION
    SELECT split_part(c.key, '/', 2), k.id FROM pointer_claims c CROSS JOIN categories k
    WHERE c.key LIKE 'ranking/%/*'
    ORDER BY 1, 2`)) as unknown as { rows: Scope[] };
  return rows.rows;
}
