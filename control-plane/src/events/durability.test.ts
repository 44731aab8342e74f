/**
 * The database goes away in the middle of an ingest; every event must still land, exactly once.
 * Embedded PGlite is closed mid-ingest and the control plane restarts on the same data
 * directory; real Postgres refuses connections and kills the open ones, then comes back while
 * the same process keeps running.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  databaseTargets,
  decisionEvents,
  type EdgeKv,
  jwtSecret,
  operator,
  queryRows,
  startEdgeKv,
} from "../../test/harness.ts";
import { createControlPlane } from "../app.ts";
import { type Database, openDatabase } from "../db/open.ts";
import { EventSpool } from "./spool.ts";
import { insertEvents } from "./store.ts";

let dir: string;
let edge: EdgeKv;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cp-durability-"));
  edge = await startEdgeKv();
});
afterAll(async () => {
  await edge?.dispose();
  await rm(dir, { recursive: true, force: true });
});

const events = decisionEvents(5_000, { tenant: "durable" });
const batches = Array.from({ length: 20 }, (_, i) => events.slice(i * 250, (i + 1) * 250));

async function spoolFor(db: Database, name: string) {
  return EventSpool.open({
    dir: join(dir, name),
    insert: (batch) => insertEvents(db, batch),
    minDelayMs: 20,
    maxDelayMs: 200,
  });
}

/** Posts every batch (some twice: at-least-once delivery), the database failing after `cut`. */
async function ingest(db: Database, spool: EventSpool, cut: () => Promise<void>) {
  const app = createControlPlane({ db, publisher: edge.publisher, jwtSecret, eventSpool: spool });
  const headers = {
    Authorization: `Bearer ${await operator()}`,
    "Content-Type": "application/json",
  };
  const post = (batch: unknown[]) =>
    app.request("/v1/events:batch", {
      method: "POST",
      headers,
      body: JSON.stringify({ events: batch }),
    });
  const answers: { inserted: number; spooled: number; duplicates: number }[] = [];
  for (const [i, batch] of batches.entries()) {
    // Two in flight at once, the second a redelivery of the previous batch.
    const pending = [post(batch), post(batches[Math.max(0, i - 1)] ?? batch)];
    if (i === 7) await cut();
    for (const res of await Promise.all(pending)) {
      expect(res.status).toBe(200);
      answers.push((await res.json()) as (typeof answers)[number]);
    }
  }
  return answers;
}

async function stored(db: Database) {
  const [row] = await queryRows<{ n: number; d: number }>(
    db,
    sql`SELECT count(*)::int AS n, count(DISTINCT id)::int AS d FROM events WHERE tenant = 'durable'`,
  );
  return row;
}

describe("events survive a database outage", () => {
  // A PGlite data directory takes a while to create (initdb); not a timing assertion.
  it("PGlite closed mid-ingest: spooled events land exactly once after a restart", {
    timeout: 180_000,
  }, async () => {
    const dataDir = join(dir, "pglite");
    const first = await openDatabase({ dataDir });
    await first.migrate();
    const spool = await spoolFor(first.db, "spool-pglite");
    const answers = await ingest(first.db, spool, () => first.close());
    expect(answers.some((a) => a.spooled > 0)).toBe(true);
    expect(answers.some((a) => a.inserted > 0)).toBe(true);
    await spool.close();

    const second = await openDatabase({ dataDir });
    const restarted = await spoolFor(second.db, "spool-pglite");
    await vi.waitFor(async () => expect(await restarted.pending()).toBe(0), { timeout: 30_000 });
    expect(await stored(second.db)).toEqual({ n: 5_000, d: 5_000 });
    await restarted.close();
    await second.close();
  });

  const postgres = databaseTargets.find((t) => t.name === "postgres");
  it.skipIf(!postgres)(
    "Postgres connections killed mid-ingest: retried with backoff until it is back",
    { timeout: 120_000 },
    async () => {
      const database = await (postgres as (typeof databaseTargets)[number]).open();
      const outage = database.outage;
      if (!outage) throw new Error("the postgres target offers no outage");
      const spool = await spoolFor(database.db, "spool-postgres");
      try {
        const answers = await ingest(database.db, spool, () => outage.begin());
        expect(answers.some((a) => a.spooled > 0)).toBe(true);
        expect(await spool.pending()).toBeGreaterThan(0);
        await outage.end();
        await vi.waitFor(async () => expect(await spool.pending()).toBe(0), { timeout: 30_000 });
        expect(await stored(database.db)).toEqual({ n: 5_000, d: 5_000 });
      } finally {
        await outage.end();
        await spool.close();
        await database.close();
      }
    },
  );
});
