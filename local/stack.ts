// The whole product on one machine: the built edge Worker on local workerd
// (Miniflare) and the control plane on Node, publishing into the edge's KV; a
// second local worker forwards the edge's events to the control plane.
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type DevUser, issueToken, kvPublisher } from "@switchboard/control-plane";
import { startControlPlane } from "@switchboard/control-plane/node";
import { Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { eventForwarderWorker } from "./event-forwarder.ts";
import type { CarrierCredentials } from "./webhook.ts";

for (const [name, value] of Object.entries({
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_SEND_ERROR_REPORTS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_HIDE_BANNER: "true",
})) {
  process.env[name] ??= value;
}

export const repoRoot = resolve(fileURLToPath(import.meta.url), "../..");

export interface StackOptions {
  edgePort: number;
  controlPort: number;
  /** Where PGlite and the edge's KV keep their data; undefined keeps both in memory. */
  dataDir?: string;
  /** A postgres:// URL runs the control plane on that server instead of PGlite. */
  databaseUrl?: string;
  carrier: CarrierCredentials;
  jwtSecret: string;
  stateSecret: string;
  /** Seed one user per role (see seedDevUsers): npm start and the web app's tests do. */
  devUsers?: boolean;
  /** Signs search results' tracking tokens; a fresh random one when left out. */
  trackingSecret?: string;
  /** Show the edge's decision log lines (npm start does; tests keep quiet). */
  edgeLogs?: boolean;
}

export interface Stack {
  edgeUrl: string;
  controlUrl: string;
  operatorToken: string;
  /** The logins `devUsers` created or found, with their passwords. */
  devUsers: DevUser[];
  close(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const persist = options.dataDir ? join(options.dataDir, "edge") : undefined;
  if (persist) mkdirSync(persist, { recursive: true });

  const { workerOptions } = unstable_getMiniflareWorkerOptions(join(repoRoot, "wrangler.toml"));
  let controlUrl: string | null = null;
  const edge = new Miniflare({
    workers: [
      {
        ...workerOptions,
        name: "switchboard-edge",
        modules: true,
        scriptPath: join(repoRoot, "edge/dist/index.js"),
        modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
        bindings: {
          ...workerOptions.bindings,
          STATE_SECRET: options.stateSecret,
          TRACKING_SECRET: options.trackingSecret ?? randomBytes(32).toString("hex"),
        },
      },
      // Consumes the edge's EVENTS queue into the control plane's reports.
      eventForwarderWorker({ controlUrl: () => controlUrl, jwtSecret: options.jwtSecret }),
    ],
    host: "127.0.0.1",
    port: options.edgePort,
    kvPersist: persist ? join(persist, "kv") : false,
    durableObjectsPersist: persist ? join(persist, "do") : false,
    cachePersist: false,
    // Locally there is no Cloudflare colo: meta.region says so.
    cf: { colo: "LOCAL" },
    handleRuntimeStdio(stdout, stderr) {
      if (options.edgeLogs) {
        stdout.pipe(process.stdout);
        stderr.pipe(process.stderr);
      } else {
        stdout.resume();
        stderr.pipe(process.stderr);
      }
    },
  });
  const edgeUrl = (await edge.ready).toString();

  try {
    const kv = await edge.getKVNamespace("EDGE_KV");
    const control = await startControlPlane({
      port: options.controlPort,
      dataDir: options.dataDir ? join(options.dataDir, "pglite") : undefined,
      databaseUrl: options.databaseUrl,
      publisher: kvPublisher(kv),
      jwtSecret: options.jwtSecret,
      edgeUrl,
      devUsers: options.devUsers,
    });
    controlUrl = control.url;
    const operatorToken = await issueToken(
      options.jwtSecret,
      { sub: "local-operator", role: "operator" },
      7 * 24 * 3600,
    );
    const registered = await fetch(new URL(`/v1/carriers/${options.carrier.id}`, control.url), {
      method: "PUT",
      headers: { authorization: `Bearer ${operatorToken}`, "content-type": "application/json" },
      body: JSON.stringify({ secret: options.carrier.secret }),
    });
    if (!registered.ok) {
      await control.close();
      const body = (await registered.json().catch(() => ({}))) as { error?: { message?: string } };
      throw new Error(
        `the control plane refused the dev carrier "${options.carrier.id}" (${registered.status}: ${(body.error?.message ?? "").replace(/\s+/g, " ")}); check SWITCHBOARD_DEV_CARRIER_ID and SWITCHBOARD_DEV_CARRIER_SECRET`,
      );
    }
    return {
      edgeUrl,
      controlUrl: control.url,
      operatorToken,
      devUsers: control.devUsers,
      async close() {
        // The edge (and the forwarder) first, so no batch arrives at a closed control plane.
        await edge.dispose();
        await control.close();
      },
    };
  } catch (error) {
    await edge.dispose();
    throw error;
  }
}
