// Serves the built edge (edge/dist, from `wrangler deploy --dry-run`) and a
// constant-answer Hono worker (and, for calls, the hand-written webhook with the
// edge's store bindings) from ONE bare workerd process, with no proxy in front.
// workerd has no KV or Queues of its own; like Miniflare, we put a small worker
// behind each binding, speaking the binding's HTTP protocol:
// - KV: `GET /<key>?urlencoded=true` → the value, or 404. It serves files
//   written before the start (one per key, named by the key's bytes in hex,
//   behind a read-only disk service) holding what the control plane
//   publishes (bundles, snapshots, pointers, the carrier's secrets). The edge
//   caches pointers (1 s), carriers (5 s) and bundles (by hash) in the
//   isolate, so KV is rarely read.
// - Queue producer (EVENTS): `POST /message` or `/batch` → 200 with the queue's metrics JSON
//   (workerd's binding parses it: an empty body fails every send), messages discarded.
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
  /** Set when `handwritten` was served. */
  handwrittenUrl?: string;
  /** Batches of events the edge logged as not sent: a bench whose queue fails measures less. */
  lostBatches(): number;
  stop(): Promise<void>;
}

/** `kv` maps keys to values (bytes or text), as KV would hold them. */
export async function serve(options: {
  edgeDir: string;
  constantDir: string;
  kv: Record<string, Uint8Array | string>;
  stateSecret: string;
  /** Signs search results' tracking tokens. */
  trackingSecret?: string;
  edgePort: number;
  constantPort: number;
  /** A third worker with the edge's KV, queue and state secret (calls' hand-written webhook). */
  handwritten?: { dir: string; port: number };
}): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-bench-"));
  mkdirSync(join(dir, "do"));
  mkdirSync(join(dir, "kv"));
  for (const [key, value] of Object.entries(options.kv)) {
    writeFileSync(join(dir, "kv", Buffer.from(key).toString("hex")), value);
  }
  writeFileSync(join(dir, "kv.js"), KV_WORKER);
  writeFileSync(join(dir, "events.js"), EVENTS_WORKER);
  const path = (file: string) => JSON.stringify(relative(dir, file));
  const modules = (built: string) =>
    [
      `(name = "index.js", esModule = embed ${path(join(built, "index.js"))})`,
      ...readdirSync(built)
        .filter((f) => f.endsWith(".wasm"))
        .map((f) => `(name = "${f}", wasm = embed ${path(join(built, f))})`),
    ].join(", ");
  const storeBindings = `(name = "EDGE_KV", kvNamespace = "kv"),
    (name = "EVENTS", queue = "events"),
    (name = "STATE_SECRET", text = ${JSON.stringify(options.stateSecret)}),
    (name = "EDGE_REGION_DEFAULT", text = "BENCH"),`;
  const handwritten = options.handwritten;
  const config = `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "edge", worker = .edge),
    (name = "constant", worker = .constant),${handwritten ? `\n    (name = "handwritten", worker = .handwritten),` : ""}
    (name = "kv", worker = .kv),
    (name = "events", worker = .events),
    (name = "do-disk", disk = (path = ${JSON.stringify(join(dir, "do"))}, writable = true)),
    (name = "kv-files", disk = (path = ${JSON.stringify(join(dir, "kv"))}, writable = false)),
  ],
  sockets = [
    (name = "edge", address = "127.0.0.1:${options.edgePort}", http = (), service = "edge"),
    (name = "constant", address = "127.0.0.1:${options.constantPort}", http = (), service = "constant"),${handwritten ? `\n    (name = "handwritten", address = "127.0.0.1:${handwritten.port}", http = (), service = "handwritten"),` : ""}
  ],
);

const edge :Workerd.Worker = (
  modules = [${modules(options.edgeDir)}],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  compatibilityFlags = ["nodejs_compat"],
  bindings = [
    ${storeBindings}
    (name = "CALL_QUEUE", durableObjectNamespace = "CallQueue"),
    (name = "TRACKING_SECRET", text = ${JSON.stringify(options.trackingSecret ?? "bench-tracking-secret")}),
  ],
  durableObjectNamespaces = [(className = "CallQueue", uniqueKey = "bench-call-queue", enableSql = true)],
  durableObjectStorage = (localDisk = "do-disk"),
);

const constant :Workerd.Worker = (
  modules = [(name = "index.js", esModule = embed ${path(join(options.constantDir, "index.js"))})],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  compatibilityFlags = ["nodejs_compat"],
);

${
  handwritten
    ? `const handwritten :Workerd.Worker = (
  modules = [${modules(handwritten.dir)}],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  compatibilityFlags = ["nodejs_compat"],
  bindings = [
    ${storeBindings}
  ],
);`
    : ""
}

const kv :Workerd.Worker = (
  modules = [(name = "kv.js", esModule = embed "kv.js")],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  bindings = [(name = "FILES", service = "kv-files")],
);

const events :Workerd.Worker = (
  modules = [(name = "events.js", esModule = embed "events.js")],
  compatibilityDate = "${COMPATIBILITY_DATE}",
);
`;
  // A server left on these ports (an earlier run killed mid-way) would answer in our place.
  const ports = [
    options.edgePort,
    options.constantPort,
    ...(handwritten ? [handwritten.port] : []),
  ];
  for (const port of ports) await requirePortFree(port);
  const configPath = join(dir, "config.capnp");
  writeFileSync(configPath, config);
  // Per-request logs go nowhere: a production edge ships them off-box.
  const child = spawn(WORKERD, ["serve", configPath], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  let lost = 0;
  child.stderr?.on("data", (chunk: Buffer) => {
    const text = chunk.toString();
    lost += text.split("events not sent").length - 1;
    if (stderr.length < 10_000) stderr += text;
  });
  const edgeUrl = `http://127.0.0.1:${options.edgePort}`;
  const constantUrl = `http://127.0.0.1:${options.constantPort}`;
  const handwrittenUrl = handwritten ? `http://127.0.0.1:${handwritten.port}` : undefined;
  const urls = [edgeUrl, constantUrl, ...(handwrittenUrl ? [handwrittenUrl] : [])];
  await waitUntilServing(child, urls, () => stderr);
  return {
    edgeUrl,
    constantUrl,
    ...(handwrittenUrl ? { handwrittenUrl } : {}),
    lostBatches: () => lost,
    stop: () => stop(child),
  };
}

/** The edge's events must have reached the queue, or the run measured a cheaper failure path. */
export function requireEventsSent(served: Served): void {
  if (served.lostBatches() > 0) {
    throw new Error(`the edge logged ${served.lostBatches()} event batches as not sent`);
  }
}

const KV_WORKER = `export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    let key = url.pathname.slice(1);
    if (url.searchParams.get("urlencoded") === "true") key = decodeURIComponent(key);
    if (request.method !== "GET") return new Response("read-only", { status: 405 });
    const name = [...new TextEncoder().encode(key)].map((b) => b.toString(16).padStart(2, "0")).join("");
    const file = await env.FILES.fetch("http://files/" + name);
    return file.ok ? new Response(file.body) : new Response("not found", { status: 404 });
  },
};
`;

const EVENTS_WORKER = `export default {
  async fetch(request) {
    await request.arrayBuffer();
    return Response.json({ metadata: { metrics: { backlogCount: 0, backlogBytes: 0, oldestMessageTimestamp: 0 } } });
  },
};
`;

async function requirePortFree(port: number): Promise<void> {
  const answered = await fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );
  if (answered) {
    throw new Error(
      `something already serves 127.0.0.1:${port} (a workerd left by an earlier run?): stop it first, e.g. pkill -x workerd`,
    );
  }
}

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
