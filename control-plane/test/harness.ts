/**
 * Shared test setup: the same suites run on every database target (embedded PGlite always;
 * real Postgres through the Neon driver and ws-proxy when DATABASE_URL is set), and publish
 * into a real Miniflare KV namespace, read back the way the edge reads it.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { Miniflare } from "miniflare";
import { afterAll, beforeAll } from "vitest";
import { createControlPlane } from "../src/app.ts";
import { type Claims, issueToken } from "../src/auth/index.ts";
import { type OpenDatabase, openDatabase } from "../src/db/open.ts";
import { type EdgePublisher, kvPublisher } from "../src/publisher/index.ts";

export interface DatabaseTarget {
  name: string;
  /** A fresh, migrated database no other run shares. */
  open(): Promise<OpenDatabase>;
}

export const pglite: DatabaseTarget = {
  name: "pglite",
  async open() {
    const database = await openDatabase();
    await database.migrate();
    return database;
  },
};

/** Each run gets its own database, dropped on close, so parallel runs never collide. */
function postgres(url: string): DatabaseTarget {
  return {
    name: "postgres",
    async open() {
      const admin = await openDatabase({ url });
      const name = `cp_test_${randomUUID().replaceAll("-", "")}`;
      await admin.db.execute(sql.raw(`CREATE DATABASE "${name}"`));
      const target = new URL(url);
      target.pathname = `/${name}`;
      const database = await openDatabase({ url: target.toString() });
      await database.migrate();
      return {
        ...database,
        async close() {
          await database.close();
          await admin.db.execute(sql.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
          await admin.close();
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
      const res = await cp.call("PUT", `/v1/rulesets/${tenant}/${name}`, {
        token: await operator(),
        yaml,
      });
      if (res.status >= 300) throw new Error(`upload failed: ${JSON.stringify(res.json)}`);
      return res.json as { version: number; hash: string };
    },
    async publish(tenant: string, body: unknown, name = "main") {
      return cp.call("POST", `/v1/rulesets/${tenant}/${name}/publish`, {
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
    database: OpenDatabase;
    edge: EdgeKv;
    cp: ReturnType<typeof controlPlane>;
  };
  beforeAll(async () => {
    suite.database = await target.open();
    suite.edge = await startEdgeKv();
    suite.cp = controlPlane(suite.database, suite.edge.publisher);
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
