/**
 * Shared test setup: the same suites run on every database target (embedded PGlite always;
 * real Postgres through the Neon driver and ws-proxy when DATABASE_URL is set), and publish
 * into a real Miniflare KV namespace, read back the way the edge reads it.
 */
import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll } from "vitest";
import { createControlPlane } from "../src/app.ts";
import { type Claims, issueToken } from "../src/auth/index.ts";
import { controlPlaneClient } from "../src/client.ts";
import { type Database, type OpenDatabase, openDatabase } from "../src/db/open.ts";
import { type EdgePublisher, kvPublisher, withBulk } from "../src/publisher/index.ts";

export interface DatabaseTarget {
  name: string;
  /** A fresh, migrated database no other run shares. */
  open(): Promise<OpenDatabase & { outage?: Outage }>;
}

/** Takes a real Postgres database away from its clients and gives it back. */
export interface Outage {
  /** Refuses new connections and terminates the open ones. */
  begin(): Promise<void>;
  end(): Promise<void>;
}

export const pglite: DatabaseTarget = {
  name: "pglite",
  async open() {
    const database = await openDatabase();
    await database.migrate();
    return database;
  },
};

/** An empty database of its own on the server of `url` (no migrations applied). */
export async function scratchDatabase(url: string) {
  const admin = await openDatabase({ url });
  const name = `cp_test_${randomUUID().replaceAll("-", "")}`;
  await admin.db.execute(sql.raw(`CREATE DATABASE "${name}"`));
  const target = new URL(url);
  target.pathname = `/${name}`;
  return {
    url: target.toString(),
    name,
    admin,
    async drop() {
      await admin.db.execute(sql.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      await admin.close();
    },
  };
}

/** Each run gets its own database, dropped on close, so parallel runs never collide. */
function postgres(url: string): DatabaseTarget {
  return {
    name: "postgres",
    async open() {
      const { url: databaseUrl, name, admin, drop } = await scratchDatabase(url);
      const database = await openDatabase({ url: databaseUrl });
      await database.migrate();
      const allow = (yes: boolean) =>
        admin.db.execute(sql.raw(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS ${yes}`));
      return {
        ...database,
        outage: {
          async begin() {
            await allow(false);
            await admin.db.execute(
              sql.raw(
                `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`,
              ),
            );
          },
          end: () => allow(true).then(() => {}),
        },
        async close() {
          await database.close();
          await drop();
        },
      };
    },
  };
}

export const databaseTargets: DatabaseTarget[] = process.env.DATABASE_URL
  ? [pglite, postgres(process.env.DATABASE_URL)]
  : [pglite];

export const jwtSecret = "test-jwt-secret-0123456789";

export const operator = () => token({ sub: "ops@switchboard", role: "operator" });

export function token(claims: Omit<Claims, "exp">, ttlSec = 600): Promise<string> {
  return issueToken(jwtSecret, claims, ttlSec);
}

/** A local workerd KV namespace: the same store the edge reads in `npm start`. */
export async function startEdgeKv() {
  for (const flag of [
    "WRANGLER_SEND_METRICS",
    "WRANGLER_SEND_ERROR_REPORTS",
    "CLOUDFLARE_CF_FETCH_ENABLED",
  ]) {
    process.env[flag] = "false";
  }
  const mf = new Miniflare({
    modules: true,
    script: "export default { fetch() { return new Response('') } }",
    kvNamespaces: ["EDGE_KV"],
  });
  const kv = await mf.getKVNamespace("EDGE_KV");
  return {
    kv,
    publisher: kvPublisher(kv),
    pointer: (e164: string) => kv.get(`did/${e164}`, "json") as Promise<unknown>,
    json: (key: string) => kv.get(key, "json") as Promise<unknown>,
    async bundle(hash: string) {
      const bytes = await kv.get(`bundle/${hash}`, "arrayBuffer");
      return bytes && new Uint8Array(bytes);
    },
    dispose: () => mf.dispose(),
  };
}

export type EdgeKv = Awaited<ReturnType<typeof startEdgeKv>>;

/** A control plane over `database`, publishing through `publisher`, with a typed request helper. */
export function controlPlane(database: OpenDatabase, publisher: EdgePublisher) {
  const app = createControlPlane({ db: database.db, publisher, jwtSecret });
  const cp = {
    app,
    /** The package's typed client (hono/client), talking to `app` in process. */
    client: (bearer?: string) =>
      controlPlaneClient("http://control-plane.test", {
        token: bearer,
        fetch: async (input, init) => app.request(input, init),
      }),
    async call(
      method: string,
      path: string,
      options: { token?: string; body?: unknown; yaml?: string; contentType?: string } = {},
    ) {
      const headers: Record<string, string> = {};
      if (options.token) headers.Authorization = `Bearer ${options.token}`;
      let body: string | undefined;
      if (options.yaml !== undefined) {
        headers["Content-Type"] = options.contentType ?? "application/yaml";
        body = options.yaml;
      } else if (options.body !== undefined) {
        headers["Content-Type"] = options.contentType ?? "application/json";
        body = JSON.stringify(options.body);
      }
      const response = await app.request(path, { method, headers, body });
      // biome-ignore lint/suspicious/noExplicitAny: tests assert on the JSON shape directly
      const json: any = await response.json();
      return { status: response.status, json };
    },
    /** Stores a rule file as the operator; fails the test unless it is accepted. */
    async upload(tenant: string, yaml: string, name = "main") {
      const path =
        tenant === "_countries" ? `/v1/countries/${name}` : `/v1/rulesets/${tenant}/${name}`;
      const res = await cp.call("PUT", path, {
        token: await operator(),
        yaml,
      });
      if (res.status >= 300) throw new Error(`upload failed: ${JSON.stringify(res.json)}`);
      return res.json as { version: number; hash: string };
    },
    async publish(tenant: string, body: unknown, name = "main") {
      const path =
        tenant === "_countries" ? `/v1/countries/${name}` : `/v1/rulesets/${tenant}/${name}`;
      return cp.call("POST", `${path}/publish`, {
        token: await operator(),
        body,
      });
    },
  };
  return cp;
}

/**
 * Registers beforeAll/afterAll hooks that give a describe block one database on `target`, a
 * Miniflare KV and a control plane over both; read the fields inside tests.
 */
export function useControlPlane(target: DatabaseTarget) {
  const suite = {} as {
    database: Awaited<ReturnType<DatabaseTarget["open"]>>;
    edge: EdgeKv;
    cp: ReturnType<typeof controlPlane>;
    /** A control plane over the same database and KV whose writes of matching keys fail. */
    failing(fails: (key: string) => boolean): ReturnType<typeof controlPlane>;
  };
  beforeAll(async () => {
    suite.database = await target.open();
    suite.edge = await startEdgeKv();
    suite.cp = controlPlane(suite.database, suite.edge.publisher);
    suite.failing = (fails) =>
      controlPlane(
        suite.database,
        withBulk({
          put: (key, value) =>
            fails(key)
              ? Promise.reject(new Error(`KV unavailable for ${key}`))
              : suite.edge.publisher.put(key, value),
          delete: (key) => suite.edge.publisher.delete(key),
        }),
      );
  });
  afterAll(async () => {
    await suite.edge?.dispose();
    await suite.database?.close();
  });
  return suite;
}

let serial = 0;

/** A distinct tenant and E.164 range per test, so tests sharing one database never interfere. */
export function fresh() {
  serial += 1;
  const id = String(serial).padStart(4, "0");
  return {
    tenant: `tenant-${id}`,
    number: (i: number) => `+4681${id}${String(i).padStart(3, "0")}`,
  };
}

/** A minimal valid Pbx rule file; `greeting` changes the bundle between versions. */
export function pbxSource(options: {
  tenant: string;
  name?: string;
  numbers: string[];
  greeting?: string;
}): string {
  return [
    "apiVersion: switchboard/v1",
    "kind: Pbx",
    "metadata:",
    `  name: ${options.name ?? "main"}`,
    `  tenant: ${options.tenant}`,
    "spec:",
    "  country: SE",
    "  timezone: Europe/Stockholm",
    "  language: sv-SE",
    `  numbers: [${options.numbers.map((n) => `"${n}"`).join(", ")}]`,
    "  entry: welcome",
    "  nodes:",
    "    welcome:",
    "      type: play",
    `      prompt: { tts: "${options.greeting ?? "Hello"}" }`,
    "",
  ].join("\n");
}

/** A carrier's MobilePlan (named `plan`); `noAnswer` changes the bundle between versions. */
export function mobilePlanSource(options: { tenant: string; name?: string; noAnswer?: number }) {
  return [
    "apiVersion: switchboard/v1",
    "kind: MobilePlan",
    "metadata:",
    `  name: ${options.name ?? "plan"}`,
    `  tenant: ${options.tenant}`,
    "spec:",
    "  country: SE",
    '  callingCode: "46"',
    "  timezone: Europe/Stockholm",
    "  barring:",
    "    international: false",
    '    premiumPrefixes: ["+46900"]',
    "  defaults:",
    `    noAnswerTimeoutSec: ${options.noAnswer ?? 20}`,
    "",
  ].join("\n");
}

/** A Country file; `code`/`callingCode` default to a made-up country so tests never collide. */
export function countrySource(options: {
  code: string;
  callingCode: string;
  emergency?: string;
  timezone?: string;
}) {
  return [
    "apiVersion: switchboard/v1",
    "kind: Country",
    "metadata:",
    `  name: ${options.code}`,
    "spec:",
    `  callingCode: "${options.callingCode}"`,
    '  nationalPrefix: "0"',
    `  emergencyNumbers: ["${options.emergency ?? "112"}"]`,
    `  timezone: ${options.timezone ?? "Europe/Stockholm"}`,
    "  languages: [sv-SE]",
    "  currency: SEK",
    "  dataRegion: eu",
    "  fallback:",
    "    - type: reject",
    "      reason: unavailable",
    "",
  ].join("\n");
}

/** A Ranking (operators only) for `country`/`category`, named `name`. */
export function rankingSource(options: {
  tenant: string;
  name: string;
  country: string;
  category?: string;
  text?: number;
}) {
  return [
    "apiVersion: switchboard/v1",
    "kind: Ranking",
    "metadata:",
    `  name: ${options.name}`,
    `  tenant: ${options.tenant}`,
    "spec:",
    `  country: ${options.country}`,
    ...(options.category ? [`  category: ${options.category}`] : []),
    "  weights:",
    `    text: ${options.text ?? 0.5}`,
    "    distance: 0.5",
    "  maxDistanceKm: 25",
    "",
  ].join("\n");
}

/** `count` distinct call.decision events of `tenant` through `carrier`, at `day` (UTC). */
export function decisionEvents(
  count: number,
  options: { tenant: string; carrier?: string; day?: string; idPrefix?: string },
) {
  return Array.from({ length: count }, (_, i) => ({
    type: "call.decision" as const,
    id: `${options.idPrefix ?? options.tenant}-${i}`,
    ts: `${options.day ?? "2026-11-21"}T${String(8 + (i % 10)).padStart(2, "0")}:00:00.000Z`,
    callId: `call-${Math.floor(i / 3)}`,
    carrier: options.carrier ?? "dev",
    tenant: options.tenant,
    did: "+46812345678",
    kind: "pbx",
    direction: "inbound",
    country: "SE",
    event: i % 3 === 0 ? "start" : "digits",
    bundle: "ab".repeat(32),
    node: ["welcome", "main_menu", "sales"][i % 3] ?? null,
    outcome: ["play", "gather", "connect"][i % 3] ?? "none",
    region: "ARN",
    decisionUs: 40 + (i % 7),
    fallback: i % 10 === 9,
    reason: i % 10 === 9 ? "kv_unavailable" : null,
  }));
}

/** Rows of a raw query (either driver answers `{rows}`). */
export async function queryRows<T>(db: Database, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/** The JSON of a 2xx answer from the typed client, typed as the success body; throws otherwise. */
export async function okJson<R extends { ok: boolean; status: number; json(): Promise<unknown> }>(
  res: R,
): Promise<Exclude<Awaited<ReturnType<R["json"]>>, { error: unknown }>> {
  const body = await res.json();
  if (!res.ok) throw new Error(`expected 2xx, got ${res.status}: ${JSON.stringify(body)}`);
  return body as Exclude<Awaited<ReturnType<R["json"]>>, { error: unknown }>;
}
