// Control plane at carrier scale, on real Postgres (through the production Neon driver and
// the local WebSocket proxy): subscriber import of 500,000 rows (rows/s, peak RSS), event
// ingestion through POST /v1/events:batch (events/s), and report queries with 1,000,000
// events stored (p50/p95/p99). Uses DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres;
// works in a scratch database it drops afterwards. Run: npx tsx bench/run.ts control-plane
import { randomUUID } from "node:crypto";
import {
  cloudflareKvPublisher,
  createControlPlane,
  issueToken,
  type OpenDatabase,
  openDatabase,
} from "@switchboard/control-plane";
import { sql } from "drizzle-orm";
import { startFakeCloudflare } from "../../control-plane/test/fake-cloudflare.ts";
import { machine, table } from "../stats.ts";

const subscriberRows = Number(process.env.BENCH_SUBSCRIBERS ?? 500_000);
const ingestEvents = Number(process.env.BENCH_EVENTS ?? 200_000);
const storedEvents = 1_000_000;
const tenants = 100;
const carriers = ["telia", "tele2", "telenor", "tre", "dev"];

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
const database = await openDatabase({ url: target.toString() });

try {
  await database.migrate();
  const cloudflare = await startFakeCloudflare({ accountId: "a", namespaceId: "n", apiToken: "t" });
  const publisher = cloudflareKvPublisher({
    accountId: "a",
    namespaceId: "n",
    apiToken: "t",
    baseUrl: cloudflare.baseUrl,
  });
  const app = createControlPlane({ db: database.db, publisher, jwtSecret: "bench" });
  const bearer = `Bearer ${await issueToken("bench", { sub: "bench", role: "operator" })}`;
  const call = (path: string, init: RequestInit = {}) =>
    app.request(path, {
      ...init,
      headers: { Authorization: bearer, ...init.headers },
    } as RequestInit);

  console.log(`${machine()}; PostgreSQL ${await serverVersion(database)} on ${target.host}\n`);
  console.log(await subscriberImport(call));
  cloudflare.values.clear();
  await cloudflare.close();
  console.log(`\n${await eventIngest(call)}`);
  console.log(`\n${await reportQueries(call, database)}`);
} finally {
  await database.close();
  await admin.db.execute(sql.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  await admin.close();
}

type Call = (path: string, init?: RequestInit) => Response | Promise<Response>;

async function subscriberImport(call: Call): Promise<string> {
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
  await ok(
    call("/v1/rulesets/nordtel/plan", {
      method: "PUT",
      headers: { "Content-Type": "application/yaml" },
      body: plan,
    }),
  );
  await ok(
    call("/v1/rulesets/nordtel/plan/publish", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{}",
    }),
  );

  const encoder = new TextEncoder();
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i >= subscriberRows) return controller.close();
      let chunk = "";
      for (const end = Math.min(subscriberRows, i + 1000); i < end; i++) {
        const number = `+4670${String(i).padStart(7, "0")}`;
        const row =
          i % 4 === 0
            ? {
                number,
                forwarding: { busy: "+46708000000", noAnswer: "+46708000000" },
                blocklist: ["+46900*"],
              }
            : i % 4 === 1
              ? { number, dnd: { weekly: { "mon-fri": ["22:00-24:00", "00:00-07:00"] } } }
              : { number, noAnswerTimeoutSec: 25 };
        chunk += `${JSON.stringify(row)}\n`;
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const start = process.hrtime.bigint();
  const res = await ok(
    call("/v1/tenants/nordtel/subscribers:import", {
      method: "POST",
      headers: { "Content-Type": "application/x-ndjson" },
      body,
      duplex: "half",
    } as RequestInit),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  clearInterval(sampler);
  const report = (await res.json()) as {
    imported: number;
    failed: number;
    shards: { written: number };
  };
  const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  return [
    `### Subscriber import (NDJSON, streamed, ${subscriberRows.toLocaleString("en")} rows)`,
    "",
    table(
      [
        "rows imported",
        "failed",
        "shards published",
        "seconds",
        "rows/s",
        "RSS before MiB",
        "peak RSS MiB (sampled)",
        "max RSS MiB (process)",
      ],
      [
        [
          report.imported.toLocaleString("en"),
          report.failed,
          report.shards.written.toLocaleString("en"),
          seconds.toFixed(1),
          Math.round(report.imported / seconds).toLocaleString("en"),
          mib(baseline),
          mib(peak),
          mib(process.resourceUsage().maxRSS * 1024),
        ],
      ],
    ),
    "",
    "Includes validation, batched upserts, shard encoding and bulk writes to a local fake of the Cloudflare KV REST API.",
  ].join("\n");
}

function events(count: number, offset: number) {
  return Array.from({ length: count }, (_, k) => {
    const i = offset + k;
    const day = i % 30;
    return {
      type: "call.decision",
      id: `e-${i}`,
      ts: new Date(Date.UTC(2026, 10, 1 + day, i % 24, i % 60)).toISOString(),
      callId: `c-${Math.floor(i / 4)}`,
      carrier: carriers[i % carriers.length],
      tenant: `t${i % tenants}`,
      did: `+46812${String(i % 1000).padStart(6, "0")}`,
      kind: "pbx",
      direction: "inbound",
      country: "SE",
      event: i % 4 === 0 ? "start" : "digits",
      bundle: "ab".repeat(32),
      node: ["welcome", "main_menu", "sales", "support", "voicemail"][i % 5],
      outcome: ["play", "gather", "connect", "enqueue", "voicemail"][(i >> 2) % 5],
      region: "ARN",
      decisionUs: 30 + (i % 50),
      fallback: i % 97 === 0,
      reason: i % 97 === 0 ? "kv_unavailable" : null,
    };
  });
}

async function eventIngest(call: Call): Promise<string> {
  const batch = 1000;
  const rows: (string | number)[][] = [];
  let offset = 0;
  for (const concurrency of [1, 4]) {
    const total = ingestEvents / 2;
    const bodies = Array.from({ length: total / batch }, (_, b) =>
      JSON.stringify({ events: events(batch, offset + b * batch) }),
    );
    offset += total;
    let next = 0;
    const start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++] as string;
          await ok(
            call("/v1/events:batch", {
              method: "POST",
              headers: { "Content-Type": "application/json" },
              body,
            }),
          );
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    rows.push([
      concurrency,
      batch,
      total.toLocaleString("en"),
      seconds.toFixed(1),
      Math.round(total / seconds).toLocaleString("en"),
    ]);
  }
  return [
    "### Event ingestion (POST /v1/events:batch: JSON, validation, INSERT … ON CONFLICT DO NOTHING)",
    "",
    table(["concurrent requests", "events per batch", "events", "seconds", "events/s"], rows),
  ].join("\n");
}

async function reportQueries(call: Call, db: OpenDatabase): Promise<string> {
  const have = Number(
    (
      (await db.db.execute(sql`SELECT count(*) AS n FROM events`)) as unknown as {
        rows: { n: string }[];
      }
    ).rows[0]?.n,
  );
  // The rest of the million in one statement, with the same shape as the ingested events.
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
  const rollup = (await db.db.execute(
    sql`SELECT (SELECT count(*) FROM pbx_stats_daily) AS p, (SELECT count(*) FROM carrier_stats_daily) AS c`,
  )) as unknown as { rows: { p: string; c: string }[] };
  const rollupRows = `${rollup.rows[0]?.p} per-PBX and ${rollup.rows[0]?.c} per-carrier daily rows`;

  const queries: [string, (k: number) => string, number][] = [
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
      (k) =>
        `/v1/reports/calls?tenant=t${k % tenants}&did=%2B46812000${String(k % 100).padStart(3, "0")}&from=2026-11-01&to=2026-11-30`,
      200,
    ],
    [
      "carriers, 1 carrier, 7 days",
      (k) => `/v1/reports/carriers?carrier=${carriers[k % 5]}&from=2026-11-08&to=2026-11-14`,
      50,
    ],
    ["carriers, all, 30 days", () => "/v1/reports/carriers?from=2026-11-01&to=2026-11-30", 20],
  ];
  const rows: (string | number)[][] = [];
  for (const [label, path, runs] of queries) {
    await ok(call(path(0)));
    const samples: number[] = [];
    for (let k = 0; k < runs; k++) {
      const start = process.hrtime.bigint();
      const res = await ok(call(path(k)));
      await res.json();
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    samples.sort((a, b) => a - b);
    const at = (q: number) =>
      (samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0).toFixed(1);
    rows.push([label, runs, at(0.5), at(0.95), at(0.99)]);
  }
  return [
    `### Report queries with ${storedEvents.toLocaleString("en")} events stored (${tenants} tenants × 30 days; ${rollupRows}; ms through the API)`,
    "",
    table(["query", "runs", "p50 ms", "p95 ms", "p99 ms"], rows),
  ].join("\n");
}

async function ok(response: Response | Promise<Response>): Promise<Response> {
  const res = await response;
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return res;
}

async function serverVersion(db: OpenDatabase): Promise<string> {
  const result = (await db.db.execute(sql`SHOW server_version`)) as unknown as {
    rows: { server_version: string }[];
  };
  return result.rows[0]?.server_version ?? "?";
}
