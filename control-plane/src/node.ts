import { mkdtemp } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { serve } from "@hono/node-server";
import { createControlPlane } from "./app.ts";
import { openDatabase } from "./db/open.ts";
import { reasonOf } from "./error.ts";
import { EventSpool } from "./events/spool.ts";
import { storeEvents } from "./events/store.ts";
import { startSnapshotRefresh } from "./marketplace/refresh.ts";
import type { EdgePublisher } from "./publisher/index.ts";
import { type DevUser, seedDevUsers } from "./users/seed.ts";

export interface StartOptions {
  port: number;
  /** PGlite data directory (e.g. `.data/pglite`); in memory when neither this nor databaseUrl. */
  dataDir?: string;
  /** `postgres://…`: real Postgres or Neon through @neondatabase/serverless. */
  databaseUrl?: string;
  publisher: EdgePublisher;
  jwtSecret: string;
  /** Interface to bind; 127.0.0.1 unless told otherwise, as it is an admin API. */
  hostname?: string;
  /**
   * Where `POST /v1/events:batch` spools events while the database is down. Default: an
   * `event-spool` folder beside `dataDir`, else a fresh temporary folder.
   */
  spoolDir?: string;
  /** The edge's base URL, for the web app's health page. */
  edgeUrl?: string;
  /** Create one user per role for local development (see seedDevUsers); false by default. */
  devUsers?: boolean | { password: string };
}

export interface RunningControlPlane {
  url: string;
  /** The users `devUsers` created or found, with their passwords; empty otherwise. */
  devUsers: DevUser[];
  close(): Promise<void>;
}

/** Opens the database, applies pending migrations, then serves the API on `port`. */
export async function startControlPlane(options: StartOptions): Promise<RunningControlPlane> {
  const database = await openDatabase({ url: options.databaseUrl, dataDir: options.dataDir });
  await database.migrate();
  const devUsers = options.devUsers
    ? await seedDevUsers(database.db, options.devUsers === true ? {} : options.devUsers)
    : [];
  const spoolDir =
    options.spoolDir ??
    (options.dataDir
      ? join(dirname(options.dataDir), "event-spool")
      : await mkdtemp(join(tmpdir(), "switchboard-event-spool-")));
  const eventSpool = await EventSpool.open({
    dir: spoolDir,
    insert: (events) => storeEvents({ db: database.db, publisher: options.publisher }, events),
    onError: (error) =>
      console.error(`event spool: database still unavailable (${reasonOf(error)})`),
  });
  const app = createControlPlane({
    db: database.db,
    publisher: options.publisher,
    jwtSecret: options.jwtSecret,
    eventSpool,
    edgeUrl: options.edgeUrl,
  });
  // Pacing moves with the clock: marketplace snapshots are rebuilt every minute.
  const refresh = startSnapshotRefresh({ db: database.db, publisher: options.publisher });
  const hostname = options.hostname ?? "127.0.0.1";
  // A port in use rejects (the caller says which), rather than crash the process.
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const listening = serve({ fetch: app.fetch, port: options.port, hostname }, () =>
      resolve(listening),
    );
    listening.once("error", async (error) => {
      await eventSpool.close().catch(() => {});
      await database.close().catch(() => {});
      reject(error);
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${hostname}:${port}`,
    devUsers,
    async close() {
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      await refresh.stop();
      await eventSpool.close();
      await database.close();
    },
  };
}
