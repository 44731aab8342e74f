import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { createControlPlane } from "./app.ts";
import { openDatabase } from "./db/open.ts";
import type { EdgePublisher } from "./publisher/index.ts";

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
}

export interface RunningControlPlane {
  url: string;
  close(): Promise<void>;
}

/** Opens the database, applies pending migrations, then serves the API on `port`. */
export async function startControlPlane(options: StartOptions): Promise<RunningControlPlane> {
  const database = await openDatabase({ url: options.databaseUrl, dataDir: options.dataDir });
  await database.migrate();
  const app = createControlPlane({
    db: database.db,
    publisher: options.publisher,
    jwtSecret: options.jwtSecret,
  });
  const hostname = options.hostname ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const listening = serve({ fetch: app.fetch, port: options.port, hostname }, () =>
      resolve(listening),
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${hostname}:${port}`,
    async close() {
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
      await database.close();
    },
  };
}
