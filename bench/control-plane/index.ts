// Control plane at carrier scale, on real Postgres through the production Neon driver (and the
// local WebSocket proxy): the server runs in its own process (`npm run serve`), driven over HTTP.
//  - subscriber import: 500,000 NDJSON rows streamed in one request (rows/s, the server's peak
//    RSS), against the same rows upserted straight into Postgres (the floor of the work);
//  - event ingestion through POST /v1/events:batch (events/s), against a plain multi-row INSERT
//    of the same rows without the API or the report rollups;
//  - report queries with 1,000,000 events stored (p50/p95/p99), against a one-row API read.
// Uses DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres, in a scratch database it
// drops afterwards. Run: npx tsx bench/run.ts control-plane
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { issueToken, type OpenDatabase, openDatabase } from "@switchboard/control-plane";
import { sql } from "drizzle-orm";
import { startFakeCloudflare } from "../../control-plane/test/fake-cloudflare.ts";
import { machine, table } from "../stats.ts";
import { type ServedControlPlane, serveControlPlane } from "./server.ts";
import { carriers, decisionEvents, subscriberRows, tenants } from "./workload.ts";

const subscriberCount = Number(process.env.BENCH_SUBSCRIBERS ?? 500_000);
const baselineRows = 50_000;
const ingestEvents = Number(process.env.BENCH_EVENTS ?? 200_000);
const storedEvents = Number(process.env.BENCH_STORED_EVENTS ?? 1_000_000);
const jwtSecret = "bench-control-plane-jwt-secret-0123456789";

const url = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
const admin = await openDatabase({ url });
try {
  await admin.db.execute(sql`SELECT 1`);
} catch (error) {
  console.log(
    `skipped: no Postgres at ${new URL(url).host} (${String(error).slice(0, 120)}); set DATABASE_URL`,
  );
  await admin.close();
  process.exit(0);
}
const name = `cp_bench_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
await admin.db.execute(sql.raw(`CREATE DATABASE "${name}"`));
const target = new URL(url);
target.pathname = `/${name}`;
const cloudflareIds = { accountId: "a", namespaceId: "n", apiToken: "t" };
const cloudflare = await startFakeCloudflare(cloudflareIds);
let server: ServedControlPlane | undefined;
let database: OpenDatabase | undefined;

try {
  server = await serveControlPlane({
    DATABASE_URL: target.toString(),
    JWT_SECRET: jwtSecret,
    CLOUDFLARE_ACCOUNT_ID: cloudflareIds.accountId,
    CLOUDFLARE_KV_NAMESPACE_ID: cloudflareIds.namespaceId,
    CLOUDFLARE_API_TOKEN: cloudflareIds.apiToken,
    CLOUDFLARE_API_BASE_URL: cloudflare.baseUrl,
  });
  database = await openDatabase({ url: target.toString() }); // migrated by the server
  const bearer = `Bearer ${await issueToken(jwtSecret, { sub: "bench", role: "operator" }, 86_400)}`;
  const base = server.url;
  const call = (path: string, init: RequestInit = {}) =>
    fetch(new URL(path, base), {
      ...init,
      headers: { Authorization: bearer, ...init.headers },
    } as RequestInit);

  console.log(`${machine()}; PostgreSQL ${await serverVersion(database)} on ${target.host}`);
  console.log(`load average at start: ${loadAverage()}\n`);
  console.log(await subscriberImport(call, server, database));
  cloudflare.values.clear();
  console.log(`\n${await eventIngest(call, database)}`);
  console.log(`\n${await reportQueries(call, database)}`);
  console.log(`\nload average at end: ${loadAverage()}`);
} finally {
  await server?.close();
  await database?.close();
  await cloudflare.close();
  await admin.db.execute(sql.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  await admin.close();
}

type Call = (path: string, init?: RequestInit) => Promise<Response>;

async function subscriberImport(call: Call, served: ServedControlPlane, db: OpenDatabase) {
  const plan = [
    "apiVersion: switchboard/v1",
    "kind: MobilePlan",
    "metadata: { name: plan, tenant: nordtel }",
    "spec:",
    "  country: SE",
    '  callingCode: "46"',
    "  timezone: Europe/Stockholm",
    "",
  ].join("\n");
  const yaml = { "Content-Type": "application/yaml" };
  await ok(call("/v1/rulesets/nordtel/plan", { method: "PUT", headers: yaml, body: plan }));
  const json = { "Content-Type": "application/json" };
  await ok(
    call("/v1/rulesets/nordtel/plan/publish", { method: "POST", headers: json, body: "{}" }),
  );

  // The floor: the same kind of rows upserted straight into a copy of the table, no API.
  await db.db.execute(sql`CREATE TABLE subscribers_floor (LIKE subscribers INCLUDING ALL)`);
  let start = process.hrtime.bigint();
  const rows = [...subscriberRows(baselineRows, "+4672")].map((line) => JSON.parse(line));
  for (let i = 0; i < rows.length; i += 1000) {
    const values = sql.join(
      rows
        .slice(i, i + 1000)
        .map(
          (r) =>
            sql`(${r.number}, 'nordtel', ${r.number.slice(0, -2)}, ${JSON.stringify(r)}::jsonb)`,
        ),
      sql`, `,
    );
    await db.db.execute(sql`
      INSERT INTO subscribers_floor (number, tenant, prefix, settings) VALUES ${values}
      ON CONFLICT (number) DO UPDATE SET settings = excluded.settings, updated_at = now()`);
  }
  const floorRate = baselineRows / seconds(start);

  const idle = served.memory();
  served.resetPeak();
  let sampledPeak = 0;
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, served.memory().rssMiB);
  }, 50);
  const encoder = new TextEncoder();
  const lines = subscriberRows(subscriberCount, "+4670");
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      let chunk = "";
      for (let k = 0; k < 1000; k++) {
        const next = lines.next();
        if (next.done) break;
        chunk += `${next.value}\n`;
      }
      if (chunk) controller.enqueue(encoder.encode(chunk));
      else controller.close();
    },
  });
  start = process.hrtime.bigint();
  const res = await ok(
    call("/v1/tenants/nordtel/subscribers:import", {
      method: "POST",
      headers: { "Content-Type": "application/x-ndjson" },
      body,
      duplex: "half",
    } as RequestInit),
  );
  const report = (await res.json()) as {
    imported: number;
    failed: number;
    shards: { written: number };
  };
  const elapsed = seconds(start);
  clearInterval(sampler);
  const after = served.memory();
  const rate = report.imported / elapsed;
  return [
    `### Subscriber import (NDJSON, one streamed request of ${subscriberCount.toLocaleString("en")} rows)`,
    "",
    table(
      [
        "what",
        "rows",
        "failed",
        "shards published",
        "seconds",
        "rows/s",
        "vs floor",
        "server RSS idle → peak MiB",
      ],
      [
        [
          "POST …/subscribers:import",
          report.imported.toLocaleString("en"),
          report.failed,
          report.shards.written.toLocaleString("en"),
          elapsed.toFixed(1),
          Math.round(rate).toLocaleString("en"),
          `${((100 * rate) / floorRate).toFixed(0)} % of floor`,
          `${idle.rssMiB.toFixed(0)} → ${Math.max(after.peakMiB, sampledPeak).toFixed(0)} (target < 300)`,
        ],
        [
          "floor: INSERT … ON CONFLICT, 1,000 rows a statement",
          baselineRows.toLocaleString("en"),
          0,
          "-",
          (baselineRows / floorRate).toFixed(1),
          Math.round(floorRate).toLocaleString("en"),
          "1.00×",
          "-",
        ],
      ],
    ),
    "",
    "The import row includes streaming the body over HTTP, validation, batched upserts, shard encoding and bulk writes of bundle and pointer pairs to a local fake of the Cloudflare KV REST API. Peak RSS is the server process's VmHWM (reset just before the import), so it includes the Neon driver, the WebSocket proxy and everything else that process holds.",
  ].join("\n");
}

async function eventIngest(call: Call, db: OpenDatabase): Promise<string> {
  const batch = 1000;
  const rows: (string | number)[][] = [];
  let offset = 0;
  await db.db.execute(sql`CREATE TABLE events_floor (LIKE events INCLUDING ALL)`);
  // The floor: the same events, one plain multi-row INSERT per batch, no API, no rollups.
  const floorEvents = 50_000;
  let start = process.hrtime.bigint();
  for (let b = 0; b < floorEvents / batch; b++) {
    const values = sql.join(
      decisionEvents(batch, 10_000_000 + b * batch).map(
        (e) =>
          sql`(${e.id}, ${e.type}, ${e.ts}::timestamptz, ${e.callId}, ${e.carrier}, ${e.tenant}, ${e.did}, ${e.kind}, ${e.direction}, ${e.country}, ${e.event}, ${e.bundle}, ${e.node}, ${e.outcome}, ${e.region}, ${e.decisionUs}, ${e.fallback}, ${e.reason})`,
      ),
      sql`, `,
    );
    await db.db.execute(sql`
      INSERT INTO events_floor (id, type, at, call_id, carrier, tenant, did, kind, direction, country,
                                event, bundle, node, outcome, region, decision_us, fallback, reason)
      VALUES ${values} ON CONFLICT (id) DO NOTHING`);
  }
  const floorRate = floorEvents / seconds(start);
  for (const concurrency of [1, 4]) {
    const total = ingestEvents / 2;
    const bodies = Array.from({ length: total / batch }, (_, b) =>
      JSON.stringify({ events: decisionEvents(batch, offset + b * batch) }),
    );
    offset += total;
    let next = 0;
    start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++] as string;
          const headers = { "Content-Type": "application/json" };
          await ok(call("/v1/events:batch", { method: "POST", headers, body }));
        }
      }),
    );
    const elapsed = seconds(start);
    rows.push([
      `POST /v1/events:batch, ${concurrency} at a time`,
      batch,
      total.toLocaleString("en"),
      elapsed.toFixed(1),
      Math.round(total / elapsed).toLocaleString("en"),
      `${((100 * total) / elapsed / floorRate).toFixed(0)} % of floor`,
    ]);
  }
  rows.push([
    "floor: INSERT … ON CONFLICT DO NOTHING, no rollups, no API",
    batch,
    floorEvents.toLocaleString("en"),
    (floorEvents / floorRate).toFixed(1),
    Math.round(floorRate).toLocaleString("en"),
    "1.00×",
  ]);
  return [
    "### Event ingestion (JSON over HTTP, validation, INSERT … ON CONFLICT DO NOTHING + daily rollups in one statement)",
    "",
    table(["what", "events per batch", "events", "seconds", "events/s", "vs floor"], rows),
  ].join("\n");
}

async function reportQueries(call: Call, db: OpenDatabase): Promise<string> {
  const [{ n: have } = { n: 0 }] = await rowsOf<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM events`,
  );
  // The rest of the million in one statement, with the same shape as the ingested events…
  await db.db.execute(sql`
    INSERT INTO events (id, type, at, call_id, carrier, tenant, did, kind, event, bundle, node, outcome, region, decision_us, fallback, reason)
    SELECT 'g-' || i, 'call.decision',
      timestamptz '2026-11-01' + (i % 30) * interval '1 day' + (i % 24) * interval '1 hour',
      'gc-' || (i / 4), (ARRAY['telia','tele2','telenor','tre','dev'])[1 + i % 5], 't' || (i % ${tenants}),
      '+46812' || lpad((i % 1000)::text, 6, '0'), 'pbx', CASE WHEN i % 4 = 0 THEN 'start' ELSE 'digits' END,
      repeat('ab', 32), (ARRAY['welcome','main_menu','sales','support','voicemail'])[1 + i % 5],
      (ARRAY['play','gather','connect','enqueue','voicemail'])[1 + (i / 4) % 5], 'ARN', 30 + i % 50, i % 97 = 0,
      CASE WHEN i % 97 = 0 THEN 'kv_unavailable' END
    FROM generate_series(1, ${storedEvents - have}) AS i`);
  // …and its daily counts, as the ingest statement would have added them.
  await db.db.execute(sql`
    INSERT INTO pbx_stats_daily AS s (tenant, day, did, node, outcome, decisions, calls, fallbacks)
    SELECT tenant, (at AT TIME ZONE 'UTC')::date, did, coalesce(node, ''), outcome, count(*),
      count(*) FILTER (WHERE event = 'start'), count(*) FILTER (WHERE fallback)
    FROM events WHERE id LIKE 'g-%' GROUP BY 1, 2, 3, 4, 5
    ON CONFLICT (tenant, day, did, node, outcome) DO UPDATE SET decisions = s.decisions + excluded.decisions,
      calls = s.calls + excluded.calls, fallbacks = s.fallbacks + excluded.fallbacks`);
  await db.db.execute(sql`
    INSERT INTO carrier_stats_daily AS s (day, carrier, outcome, decisions, calls, fallbacks)
    SELECT (at AT TIME ZONE 'UTC')::date, carrier, outcome, count(*),
      count(*) FILTER (WHERE event = 'start'), count(*) FILTER (WHERE fallback)
    FROM events WHERE id LIKE 'g-%' GROUP BY 1, 2, 3
    ON CONFLICT (day, carrier, outcome) DO UPDATE SET decisions = s.decisions + excluded.decisions,
      calls = s.calls + excluded.calls, fallbacks = s.fallbacks + excluded.fallbacks`);
  await db.db.execute(sql`ANALYZE`);
  const [counts] = await rowsOf<{ e: number; p: number; c: number }>(
    db,
    sql`SELECT (SELECT count(*)::int FROM events) AS e, (SELECT count(*)::int FROM pbx_stats_daily) AS p,
               (SELECT count(*)::int FROM carrier_stats_daily) AS c`,
  );
  const d = (k: number) => `%2B46812000${String(k % 100).padStart(3, "0")}`;
  const queries: [string, (k: number) => string, number][] = [
    ["baseline: GET /v1/tenants/{t} (one row)", (k) => `/v1/tenants/t${k % tenants}`, 300],
    [
      "calls, 1 tenant, 7 days",
      (k) => `/v1/reports/calls?tenant=t${k % tenants}&from=2026-11-08&to=2026-11-14`,
      300,
    ],
    [
      "calls, 1 tenant, 30 days",
      (k) => `/v1/reports/calls?tenant=t${k % tenants}&from=2026-11-01&to=2026-11-30`,
      200,
    ],
    [
      "calls, 1 tenant + DID, 30 days",
      (k) => `/v1/reports/calls?tenant=t${k % tenants}&did=${d(k)}&from=2026-11-01&to=2026-11-30`,
      200,
    ],
    [
      "carriers, 1 carrier, 7 days",
      (k) => `/v1/reports/carriers?carrier=${carriers[k % 5]}&from=2026-11-08&to=2026-11-14`,
      100,
    ],
    ["carriers, all, 30 days", () => "/v1/reports/carriers?from=2026-11-01&to=2026-11-30", 50],
  ];
  await ok(
    call("/v1/tenants/t0", {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: '{"name":"t0"}',
    }),
  );
  for (let t = 1; t < tenants; t++) {
    const body = JSON.stringify({ name: `t${t}` });
    await ok(
      call(`/v1/tenants/t${t}`, {
        method: "PUT",
        headers: { "Content-Type": "application/json" },
        body,
      }),
    );
  }
  const rows: (string | number)[][] = [];
  let baselineP95 = 0;
  for (const [label, path, runs] of queries) {
    for (let k = 0; k < 5; k++) await (await ok(call(path(k)))).json();
    const samples: number[] = [];
    for (let k = 0; k < runs; k++) {
      const start = process.hrtime.bigint();
      await (await ok(call(path(k)))).json();
      samples.push(seconds(start) * 1000);
    }
    samples.sort((a, b) => a - b);
    const at = (q: number) =>
      samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
    baselineP95 ||= at(0.95);
    rows.push([
      label,
      runs,
      at(0.5).toFixed(1),
      at(0.95).toFixed(1),
      at(0.99).toFixed(1),
      `${(at(0.95) / baselineP95).toFixed(2)}×`,
    ]);
  }
  return [
    `### Report queries, ${counts?.e.toLocaleString("en")} events stored (${tenants} tenants × 30 days; ${counts?.p} per-PBX and ${counts?.c} per-carrier daily rows), ms over HTTP`,
    "",
    table(["query", "runs", "p50 ms", "p95 ms", "p99 ms", "p95 vs baseline"], rows),
  ].join("\n");
}

async function ok(response: Promise<Response>): Promise<Response> {
  const res = await response;
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return res;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function rowsOf<T>(db: OpenDatabase, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function serverVersion(db: OpenDatabase): Promise<string> {
  const [row] = await rowsOf<{ server_version: string }>(db, sql`SHOW server_version`);
  return row?.server_version ?? "?";
}

function loadAverage(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(" ");
}
