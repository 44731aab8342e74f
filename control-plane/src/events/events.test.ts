import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  databaseTargets,
  decisionEvents,
  fresh,
  okJson,
  operator,
  pbxSource,
  queryRows,
  token,
  useControlPlane,
} from "../../test/harness.ts";
import { createEventConsumer, type QueueMessage } from "./consumer.ts";

describe.each(databaseTargets)("event ingestion on $name", (target) => {
  const suite = useControlPlane(target);
  const count = async (prefix: string) => {
    const [row] = await queryRows<{ n: number }>(
      suite.database.db,
      sql`SELECT count(*)::int AS n FROM events WHERE id LIKE ${`${prefix}-%`}`,
    );
    return row?.n;
  };

  it("stores a batch once however often it is delivered, and names the events it refuses", async () => {
    const events = decisionEvents(300, { tenant: "ingest" });
    const ingest = suite.cp.client(await operator()).v1["events:batch"];
    const first = await ingest.$post({
      json: { events: [...events, { type: "call.decision", id: "x" }] },
    });
    expect(first.status).toBe(200);
    const body = await okJson(first);
    expect(body).toMatchObject({ accepted: 300, inserted: 300, duplicates: 0, spooled: 0 });
    expect(body.rejected).toEqual([{ index: 300, message: expect.stringContaining("callId:") }]);

    // The decision time's older name, `at`, is still read; an event with neither is refused.
    const { ts, ...legacy } = decisionEvents(1, { tenant: "ingest", idPrefix: "legacy" })[0] ?? {};
    const older = await okJson(
      await ingest.$post({
        json: {
          events: [
            { ...legacy, at: ts },
            { ...legacy, id: "no-time" },
          ],
        },
      }),
    );
    expect(older).toMatchObject({
      inserted: 1,
      rejected: [{ index: 1, message: "ts: needs ts (the decision time, ISO 8601)" }],
    });

    const again = await (
      await ingest.$post({ json: { events: [...events.slice(100), ...events] } })
    ).json();
    expect(again).toMatchObject({ accepted: 500, inserted: 0, duplicates: 500 });
    expect(await count("ingest")).toBe(300);

    const admin = await token({ sub: "a", role: "pbx_admin", tenant: "ingest" });
    const denied = await suite.cp.client(admin).v1["events:batch"].$post({ json: { events } });
    expect(denied.status).toBe(403);
  });

  it("acks queue messages once stored and retries them all while the database fails", async () => {
    const events = decisionEvents(20, { tenant: "queued" });
    const outcome: string[] = [];
    const message = (body: unknown, i: number): QueueMessage => ({
      id: `m${i}`,
      body,
      attempts: 3,
      ack: () => outcome.push(`ack ${i}`),
      retry: (o) => outcome.push(`retry ${i} ${o?.delaySeconds}`),
    });
    const consumer = createEventConsumer({ db: suite.database.db, log: () => {} });
    await consumer.queue({
      queue: "events",
      messages: [...events, { nonsense: true }].map(message),
    });
    expect(outcome).toEqual([`ack 20`, ...events.map((_, i) => `ack ${i}`)]);
    expect(await count("queued")).toBe(20);

    outcome.length = 0;
    const broken = createEventConsumer({
      db: {
        insert: () => {
          throw new Error("connection refused");
        },
      } as never,
      log: () => {},
    });
    await broken.queue({ queue: "events", messages: events.slice(0, 2).map(message) });
    expect(outcome).toEqual(["retry 0 20", "retry 1 20"]);
  });

  it("reports calls per day by node and outcome, and per carrier", async () => {
    const ingest = suite.cp.client(await operator()).v1["events:batch"];
    const first = decisionEvents(30, { tenant: "report", carrier: "telia", day: "2026-11-20" });
    // Delivered twice (at least once): the counts must not double.
    await ingest.$post({ json: { events: first } });
    await ingest.$post({ json: { events: first.slice(5) } });
    await ingest.$post({
      json: {
        events: decisionEvents(6, {
          tenant: "report",
          carrier: "tele2",
          day: "2026-11-21",
          idPrefix: "r2",
        }),
      },
    });

    const admin = await token({ sub: "a", role: "pbx_admin", tenant: "report" });
    const reports = suite.cp.client(admin).v1.reports;
    const calls = await reports.calls.$get({
      query: { tenant: "report", from: "2026-11-20", to: "2026-11-21" },
    });
    const body = await okJson(calls);
    expect(body.rows).toEqual([
      { day: "2026-11-20", node: "main_menu", outcome: "gather", decisions: 10, calls: 0 },
      { day: "2026-11-20", node: "sales", outcome: "connect", decisions: 10, calls: 0 },
      { day: "2026-11-20", node: "welcome", outcome: "play", decisions: 10, calls: 10 },
      { day: "2026-11-21", node: "main_menu", outcome: "gather", decisions: 2, calls: 0 },
      { day: "2026-11-21", node: "sales", outcome: "connect", decisions: 2, calls: 0 },
      { day: "2026-11-21", node: "welcome", outcome: "play", decisions: 2, calls: 2 },
    ]);
    const other = await reports.calls.$get({ query: { tenant: "ingest" } });
    expect(other.status).toBe(403);
    expect((await reports.carriers.$get({ query: {} })).status).toBe(403);

    const carriers = suite.cp.client(await operator()).v1.reports.carriers;
    const telia = await (
      await carriers.$get({ query: { carrier: "telia", from: "2026-11-20", to: "2026-11-20" } })
    ).json();
    expect(telia.rows).toContainEqual({
      day: "2026-11-20",
      carrier: "telia",
      outcome: "play",
      decisions: 10,
      calls: 10,
      fallbacks: 1,
    });
    expect(telia.rows.reduce((n: number, r: { fallbacks: number }) => n + r.fallbacks, 0)).toBe(3);
    const backwards = await carriers.$get({ query: { from: "2026-11-21", to: "2026-11-20" } });
    expect(backwards.status).toBe(422);
  });

  it("reports one PBX of a tenant: the calls to its numbers only", async () => {
    const { tenant, number } = fresh();
    await suite.cp.upload(
      tenant,
      pbxSource({ tenant, name: "front", numbers: [number(1)] }),
      "front",
    );
    await suite.cp.upload(
      tenant,
      pbxSource({ tenant, name: "back", numbers: [number(2)] }),
      "back",
    );
    const on = (did: string, idPrefix: string) =>
      decisionEvents(3, { tenant, idPrefix, day: "2026-11-19" }).map((e) => ({ ...e, did }));
    const ingest = suite.cp.client(await operator()).v1["events:batch"];
    await ingest.$post({
      json: { events: [...on(number(1), `${tenant}-f`), ...on(number(2), `${tenant}-b`)] },
    });
    const reports = suite.cp.client(await token({ sub: "a", role: "pbx_admin", tenant })).v1
      .reports;
    const day = { from: "2026-11-19", to: "2026-11-19" };
    const front = await okJson(
      await reports.calls.$get({ query: { tenant, pbx: "front", ...day } }),
    );
    expect(front.rows).toEqual([
      { day: "2026-11-19", node: "main_menu", outcome: "gather", decisions: 1, calls: 0 },
      { day: "2026-11-19", node: "sales", outcome: "connect", decisions: 1, calls: 0 },
      { day: "2026-11-19", node: "welcome", outcome: "play", decisions: 1, calls: 1 },
    ]);
    const whole = await okJson(await reports.calls.$get({ query: { tenant, ...day } }));
    expect(whole.rows.map((r) => r.decisions)).toEqual([2, 2, 2]);
    const missing = await reports.calls.$get({ query: { tenant, pbx: "nope", ...day } });
    expect(missing.status).toBe(404);
  });
});
