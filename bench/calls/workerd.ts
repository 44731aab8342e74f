// Serves the built edge (edge/dist, from `wrangler deploy --dry-run`) and a
// constant-answer Hono worker from ONE bare workerd process, with no proxy in
// front. workerd has no KV or Queues of its own; like Miniflare, we put a
// small worker behind each binding, speaking the binding's HTTP protocol:
// - KV: `GET /<key>?urlencoded=true` → the value, or 404. It serves an
//   in-memory map seeded with what the control plane publishes (the florist
//   bundle, its `did/` pointer, the carrier's secrets). The edge caches
//   pointers (1 s) and carriers (5 s) in the isolate, so KV is rarely read.
// - Queue producer (EVENTS): `POST /message` or `/batch` → 200, discarded.
// - Durable Objects (CALL_QUEUE): workerd's own, on a temporary disk.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const WORKERD = join(repo, "node_modules/workerd/bin/workerd");
const COMPATIBILITY_DATE = "2026-04-26";

export interface Served {
  edgeUrl: string;
  constantUrl: string;
  stop(): Promise<void>;
}

/** `kv` maps keys to values (bytes or text), as KV would hold them. */
export async function serve(options: {
  edgeDir: string;
  constantDir: string;
  kv: Record<string, Uint8Array | string>;
  stateSecret: string;
  edgePort: number;
  constantPort: number;
}): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-bench-"));
  mkdirSync(join(dir, "do"));
  const seed = Object.fromEntries(
    Object.entries(options.kv).map(([key, value]) => [
      key,
      Buffer.from(typeof value === "string" ? new TextEncoder().encode(value) : value).toString(
        "base64",
      ),
    ]),
  );
  writeFileSync(join(dir, "kv.js"), kvWorker(seed));
  writeFileSync(join(dir, "events.js"), EVENTS_WORKER);
  const path = (file: string) => JSON.stringify(relative(dir, file));
  const edgeWasm = readdirSync(options.edgeDir).filter((f) => f.endsWith(".wasm"));
  const edgeModules = [
    `(name = "index.js", esModule = embed ${path(join(options.edgeDir, "index.js"))})`,
    ...edgeWasm.map((f) => `(name = "${f}", wasm = embed ${path(join(options.edgeDir, f))})`),
  ];
  const config = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "edge", worker = .edge),
    (name = "constant", worker = .constant),
    (name = "kv", worker = .kv),
    (name = "events", worker = .events),
    (name = "do-disk", disk = (path = ${JSON.stringify(join(dir, "do"))}, writable = true)),
  ],
  sockets = [
    (name = "edge", address = "127.0.0.1:${options.edgePort}", http = (), service = "edge"),
    (name = "constant", address = "127.0.0.1:${options.constantPort}", http = (), service = "constant"),
  ],
);

const edge :Workerd.Worker = (
  modules = [${edgeModules.join(", ")}],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  compatibilityFlags = ["nodejs_compat"],
  bindings = [
    (name = "EDGE_KV", kvNamespace = "kv"),
    (name = "EVENTS", queue = "events"),
    (name = "CALL_QUEUE", durableObjectNamespace = "CallQueue"),
    (name = "STATE_SECRET", text = ${JSON.stringify(options.stateSecret)}),
    (name = "EDGE_REGION_DEFAULT", text = "BENCH"),
  ],
  durableObjectNamespaces = [(className = "CallQueue", uniqueKey = "bench-call-queue", enableSql = true)],
  durableObjectStorage = (localDisk = "do-disk"),
);

const constant :Workerd.Worker = (
  modules = [(name = "index.js", esModule = embed ${path(join(options.constantDir, "index.js"))})],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  compatibilityFlags = ["nodejs_compat"],
);

const kv :Workerd.Worker = (
  modules = [(name = "kv.js", esModule = embed "kv.js")],
  compatibilityDate = "${COMPATIBILITY_DATE}",
);

const events :Workerd.Worker = (
  modules = [(name = "events.js", esModule = embed "events.js")],
  compatibilityDate = "${COMPATIBILITY_DATE}",
);
`;
  const configPath = join(dir, "config.capnp");
  writeFileSync(configPath, config);
  // Per-request logs go nowhere: a production edge ships them off-box.
  const child = spawn(WORKERD, ["serve", configPath], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    if (stderr.length < 10_000) stderr += chunk.toString();
  });
  const edgeUrl = `http://127.0.0.1:${options.edgePort}`;
  const constantUrl = `http://127.0.0.1:${options.constantPort}`;
  await waitUntilServing(child, [edgeUrl, constantUrl], () => stderr);
  return {
    edgeUrl,
    constantUrl,
    stop: () => stop(child),
  };
}

function kvWorker(seed: Record<string, string>): string {
  return `const seed = ${JSON.stringify(seed)};
const values = new Map(Object.entries(seed).map(([k, v]) => [k, Uint8Array.from(atob(v), (c) => c.charCodeAt(0))]));
export default {
  async fetch(request) {
    const url = new URL(request.url);
    let key = url.pathname.slice(1);
    if (url.searchParams.get("urlencoded") === "true") key = decodeURIComponent(key);
    if (request.method !== "GET") return new Response("read-only", { status: 405 });
    const value = values.get(key);
    return value ? new Response(value) : new Response("not found", { status: 404 });
  },
};
`;
}

const EVENTS_WORKER = `export default {
  async fetch(request) {
    await request.arrayBuffer();
    return new Response(null, { status: 200 });
  },
};
`;

async function waitUntilServing(
  child: ChildProcess,
  urls: string[],
  stderr: () => string,
): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (const url of urls) {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`workerd exited: ${stderr()}`);
      try {
        await fetch(url);
        break;
      } catch {
        if (Date.now() > deadline) throw new Error(`workerd did not serve ${url}: ${stderr()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}
