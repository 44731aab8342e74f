import { type SQL, sql } from "drizzle-orm";
import type { Database } from "../db/open.ts";
import { publishScopes } from "../marketplace/snapshot/publish.ts";
import type { Scope } from "../marketplace/snapshot/ranking.ts";
import { storeMarketEvents } from "../marketplace/tracking/store.ts";
import type { EdgePublisher } from "../publisher/index.ts";
import type { DecisionEvent, EdgeEvent } from "./schema.ts";

const rowsPerInsert = 1000;

/**
 * Stores a batch of edge events exactly once: call decisions here, marketplace events (with
 * their click charges) in marketplace/tracking. Throws when the database is unreachable.
 * `exhausted`: scopes where a campaign just spent its daily or total budget.
 */
export async function insertEvents(
  db: Database,
  batch: readonly EdgeEvent[],
): Promise<{ inserted: number; duplicates: number; exhausted: Scope[] }> {
  const decisions = batch.filter((e): e is DecisionEvent => e.type === "call.decision");
  const market = batch.filter((e) => e.type !== "call.decision");
  const calls = await insertDecisions(db, decisions);
  const stored = await storeMarketEvents(db, market);
  return {
    inserted: calls.inserted + stored.inserted,
    duplicates: calls.duplicates + stored.duplicates,
    exhausted: stored.exhausted,
  };
}

/**
 * insertEvents, then the snapshots of scopes where a campaign just ran out of budget are
 * republished at once (without its ad), rather than at the next minute's refresh.
 */
export async function storeEvents(
  deps: { db: Database; publisher?: EdgePublisher },
  batch: readonly EdgeEvent[],
): Promise<{ inserted: number; duplicates: number }> {
  const { inserted, duplicates, exhausted } = await insertEvents(deps.db, batch);
  if (deps.publisher && exhausted.length > 0) {
    await publishScopes({ db: deps.db, publisher: deps.publisher }, exhausted);
  }
  return { inserted, duplicates };
}

/**
 * Inserts call decisions, skipping ids already stored (`ON CONFLICT DO NOTHING` on the primary
 * key): delivery is at least once, rows are exactly once. The same statement adds the rows it
 * really inserted to the daily report tables, so counts stay exact under redelivery. Nothing of
 * a chunk is stored when it fails (one statement per chunk).
 */
async function insertDecisions(
  db: Database,
  batch: readonly DecisionEvent[],
): Promise<{ inserted: number; duplicates: number }> {
  let inserted = 0;
  if (batch.length === 0) return { inserted, duplicates: 0 };
  for (let i = 0; i < batch.length; i += rowsPerInsert) {
    const rows = batch.slice(i, i + rowsPerInsert);
    const result = (await db.execute(insertStatement(rows))) as unknown as {
      rows: { inserted: number }[];
    };
    inserted += result.rows[0]?.inserted ?? 0;
  }
  return { inserted, duplicates: batch.length - inserted };
}

function insertStatement(rows: readonly DecisionEvent[]): SQL {
  const values = sql.join(
    rows.map(
      (e) =>
        sql`(${e.id}, ${e.type}, ${e.at}::timestamptz, ${e.callId}, ${e.carrier}, ${e.tenant}, ${e.did}, ${e.kind}, ${e.direction}, ${e.country}, ${e.event}, ${e.bundle}, ${e.node}, ${e.outcome}, ${e.region}, ${e.decisionUs}, ${e.fallback}, ${e.reason})`,
    ),
    sql`, `,
  );
  // Rollup rows are written in key order, so concurrent batches lock them in the same order.
  return sql`
    WITH inserted AS (
      INSERT INTO events (id, type, at, call_id, carrier, tenant, did, kind, direction, country, event, bundle, node,
                          outcome, region, decision_us, fallback, reason)
      VALUES ${values}
      ON CONFLICT (id) DO NOTHING
      RETURNING (at AT TIME ZONE 'UTC')::date AS day, tenant, did, carrier, node, outcome,
                event = 'start' AS start, fallback
    ), pbx AS (
      INSERT INTO pbx_stats_daily AS s (tenant, day, did, node, outcome, decisions, calls, fallbacks)
      SELECT tenant, day, did, coalesce(node, ''), outcome, count(*),
             count(*) FILTER (WHERE start), count(*) FILTER (WHERE fallback)
      FROM inserted WHERE tenant IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
      ON CONFLICT (tenant, day, did, node, outcome) DO UPDATE SET
        decisions = s.decisions + excluded.decisions, calls = s.calls + excluded.calls,
        fallbacks = s.fallbacks + excluded.fallbacks
    ), carrier AS (
      INSERT INTO carrier_stats_daily AS s (day, carrier, outcome, decisions, calls, fallbacks)
      SELECT day, carrier, outcome, count(*), count(*) FILTER (WHERE start),
             count(*) FILTER (WHERE fallback)
      FROM inserted GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (day, carrier, outcome) DO UPDATE SET
        decisions = s.decisions + excluded.decisions, calls = s.calls + excluded.calls,
        fallbacks = s.fallbacks + excluded.fallbacks
    )
    SELECT count(*)::int AS inserted FROM inserted`;
}
