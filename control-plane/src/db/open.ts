import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Client, Pool } from "@neondatabase/serverless";
import { drizzle as drizzleNeon } from "drizzle-orm/neon-serverless";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import ws from "ws";
import { applyMigrations } from "./migrations.ts";
import * as schema from "./schema.ts";
import { startWsProxy } from "./ws-proxy.ts";

/** Either driver, seen through the API both share. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseOptions {
  /** `postgres://…` → @neondatabase/serverless; absent → embedded PGlite. */
  url?: string;
  /** PGlite data directory (e.g. `.data/pglite`); absent → in memory. Ignored with `url`. */
  dataDir?: string;
  /**
   * Route the Neon driver through the bundled plain WebSocket proxy (ws-proxy.ts). Defaults to
   * true when the URL points at a loopback host, false otherwise (real Neon speaks wss itself).
   */
  localProxy?: boolean;
}

export interface OpenDatabase {
  db: Database;
  /** Applies every pending migration under control-plane/drizzle/ (idempotent; see migrations.ts). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<OpenDatabase> {
  if (!options.url) {
    // PGlite creates the data directory itself, but not its parents (e.g. `.data/`).
    if (options.dataDir) await mkdir(dirname(options.dataDir), { recursive: true });
    // Loaded only when used: importing PGlite costs ~45 MB of memory a Postgres deployment needn't pay.
    const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([
      import("@electric-sql/pglite"),
      import("drizzle-orm/pglite"),
    ]);
    const client = new PGlite(options.dataDir);
    const db = drizzlePglite({ client, schema });
    return {
      db,
      migrate: () => applyMigrations(db),
      close: () => client.close(),
    };
  }
  return openNeon(options.url, options.localProxy ?? isLoopback(options.url));
}

async function openNeon(url: string, localProxy: boolean): Promise<OpenDatabase> {
  const { hostname, port } = new URL(url);
  const target = `${hostname}:${port || "5432"}`;
  const proxy = localProxy ? await startWsProxy({ allow: [target] }) : null;

  // Settings are applied per client rather than on the global neonConfig, so one process can
  // hold a local and a Neon database at the same time.
  class ProxiedClient extends Client {
    override get neonConfig() {
      const config = super.neonConfig;
      config.webSocketConstructor = ws;
      if (proxy) {
        config.wsProxy = (host, hostPort) =>
          `127.0.0.1:${proxy.port}/v1?address=${host}:${hostPort}`;
        config.useSecureWebSocket = false;
        config.pipelineConnect = false; // local Postgres uses trust/SCRAM, not cleartext passwords
        config.pipelineTLS = false;
        config.forceDisablePgSSL = true;
      }
      return config;
    }
  }
  const pool = new Pool({ connectionString: url });
  pool.Client = ProxiedClient; // the Neon Pool ignores the `Client` option of node-postgres
  // An idle client whose server went away emits "error" on the pool; unhandled, that would end
  // the process. The pool drops the client; the next query connects afresh or fails visibly.
  pool.on("error", (error: Error) =>
    console.error(`postgres: idle connection lost (${error.message})`),
  );
  const db = drizzleNeon({ client: pool, schema });
  return {
    db,
    migrate: () => applyMigrations(db),
    close: async () => {
      await pool.end();
      await proxy?.close();
    },
  };
}

/**
 * The PGlite directory an `npm run …` user means: PGLITE_DIR relative to where npm was run (npm
 * runs workspace scripts in the workspace folder), else `.data/pglite` at the repo root, where
 * `npm start` keeps it.
 */
export function pgliteDir(env: Record<string, string | undefined> = process.env): string {
  return env.PGLITE_DIR
    ? resolve(env.INIT_CWD ?? process.cwd(), env.PGLITE_DIR)
    : fileURLToPath(new URL("../../../.data/pglite", import.meta.url));
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || host.startsWith("127.");
}
