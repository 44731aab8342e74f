/**
 * The production entry point as an operator starts it (`npm run serve`), configured only by the
 * environment, publishing through the Cloudflare KV REST API (a local fake of that API).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type FakeCloudflare, startFakeCloudflare } from "../test/fake-cloudflare.ts";
import { issueToken } from "./auth/index.ts";
import { controlPlaneClient } from "./client.ts";

const workspace = new URL("..", import.meta.url).pathname;
const cloudflareIds = { accountId: "acc", namespaceId: "ns", apiToken: "cf-token" };
const jwtSecret = "a-production-jwt-secret-of-32-chars!";
let cloudflare: FakeCloudflare;
let dir: string;

beforeAll(async () => {
  cloudflare = await startFakeCloudflare(cloudflareIds);
  dir = await mkdtemp(join(tmpdir(), "cp-serve-"));
});
afterAll(async () => {
  await cloudflare?.close();
  await rm(dir, { recursive: true, force: true });
});

/** What `npm run serve` runs, without npm in between (so SIGTERM reaches the server). */
function serve(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "src/serve.ts"], {
    cwd: workspace,
    env: { ...process.env, DATABASE_URL: "", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

it("refuses to start without its secrets, saying which", { timeout: 60_000 }, async () => {
  const child = serve({ JWT_SECRET: "short" });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const [code] = await once(child, "exit");
  expect(code).toBe(2);
  expect(stderr).toContain("JWT_SECRET");
  expect(stderr).toContain("CLOUDFLARE_ACCOUNT_ID");
});

it("serves from the environment and publishes to Cloudflare KV", { timeout: 120_000 }, async () => {
  const child = serve({
    JWT_SECRET: jwtSecret,
    CLOUDFLARE_ACCOUNT_ID: cloudflareIds.accountId,
    CLOUDFLARE_KV_NAMESPACE_ID: cloudflareIds.namespaceId,
    CLOUDFLARE_API_TOKEN: cloudflareIds.apiToken,
    CLOUDFLARE_API_BASE_URL: cloudflare.baseUrl,
    PGLITE_DIR: join(dir, "pglite"),
  });
  try {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const [first] = (await once(lines, "line")) as [string];
    const { url } = JSON.parse(first) as { url: string };
    const token = await issueToken(jwtSecret, { sub: "ops", role: "operator" });
    const cp = controlPlaneClient(url, { token });
    const res = await cp.v1.carriers[":carrierId"].$put({
      param: { carrierId: "telia" },
      json: { secret: "a carrier secret" },
    });
    expect(res.status).toBe(201);
    expect(JSON.parse(String(cloudflare.values.get("carrier/telia")))).toEqual({
      secrets: ["a carrier secret"],
    });
  } finally {
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
  }
});
