// A PBX admin publishes the florist's rule file through the control plane; a
// carrier then walks whole calls through the edge. Everything is real: the
// built edge Worker on workerd, the control plane on PGlite, the engine.
import { execFile } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, type Stack, startStack } from "../local/stack.ts";
import { writeStackFile } from "../local/stack-file.ts";
import { postCall, webhookHeaders } from "../local/webhook.ts";
import { callShop, closed, open, shopNumber } from "./florist.ts";

const run = promisify(execFile);

const carrier = { id: "e2e-carrier", secret: "e2e-carrier-secret" };
const florist = readFileSync(join(repoRoot, "rules/examples/florist.yaml"), "utf8");

interface RulesetAnswer {
  version: number;
  hash: string;
  name: string;
  diagnostics: { line: number; column: number; severity: string; message: string }[];
  active: { version: number; hash: string };
  versions: { version: number }[];
}

let stack: Stack;
let auth: Record<string, string>;

beforeAll(async () => {
  stack = await startStack({
    edgePort: 0,
    controlPort: 0,
    carrier,
    jwtSecret: "e2e-jwt-secret",
    stateSecret: "e2e-state-secret",
  });
  auth = { authorization: `Bearer ${stack.operatorToken}` };
});
afterAll(() => stack?.close());

async function putRuleFile(source: string) {
  const res = await fetch(new URL("/v1/rulesets/florist/florist", stack.controlUrl), {
    method: "PUT",
    headers: { ...auth, "content-type": "application/yaml" },
    body: source,
  });
  return { status: res.status, json: (await res.json()) as RulesetAnswer };
}

async function publish(body: Record<string, unknown> = {}) {
  const res = await fetch(new URL("/v1/rulesets/florist/florist/publish", stack.controlUrl), {
    method: "POST",
    headers: { ...auth, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as RulesetAnswer };
}

const call = (callId: string, event: object, extra: Record<string, unknown> = {}) =>
  callShop(stack, carrier, callId, event, extra);

/** Polls the edge until a new call lands on `hash`: the edge re-reads pointers within 2 s. */
async function untilServed(hash: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const answer = await call(
      `probe-${hash.slice(0, 6)}-${i}`,
      { type: "start" },
      { timestamp: open },
    );
    if (answer.json.meta?.bundle === hash) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the edge never served bundle ${hash}`);
}

describe("florist, published through the control plane and called through the edge", () => {
  let v1: { version: number; hash: string };

  it("rejects a rule file with a YAML error, naming its line and column", async () => {
    const broken = florist.replace("      retries: 2\n", "      retries: [2\n");
    const { status, json } = await putRuleFile(broken);
    expect(status).toBe(422);
    const line = broken.split("\n").findIndex((l) => l.includes("retries: [2")) + 1;
    expect(json.diagnostics.length).toBeGreaterThan(0);
    expect(json.diagnostics[0]).toMatchObject({ severity: "error" });
    expect(json.diagnostics.some((d) => d.line >= line && d.line <= line + 1)).toBe(true);
  });

  it("stores and publishes the florist", async () => {
    const stored = await putRuleFile(florist);
    expect(stored.status).toBe(201);
    expect(stored.json).toMatchObject({ name: "florist", diagnostics: [] });
    expect(stored.json.hash).toMatch(/^[0-9a-f]{64}$/);
    v1 = stored.json;
    const published = await publish({ version: v1.version });
    expect(published.status).toBe(200);
    expect(published.json.active).toMatchObject({ version: v1.version, hash: v1.hash });
    await untilServed(v1.hash);
  });

  it("`npm run call` in another terminal finds the running stack's port and carrier", async () => {
    // What `npm start` leaves in its data folder; the stack here runs on a random port.
    const dataDir = mkdtempSync(join(tmpdir(), "sb-e2e-data-"));
    writeStackFile(dataDir, { edgeUrl: stack.edgeUrl, controlUrl: stack.controlUrl, carrier });
    const env: NodeJS.ProcessEnv = { ...process.env, SWITCHBOARD_DATA_DIR: dataDir };
    for (const name of [
      "EDGE_URL",
      "EDGE_PORT",
      "SWITCHBOARD_DEV_CARRIER_ID",
      "SWITCHBOARD_DEV_CARRIER_SECRET",
    ])
      delete env[name];
    const callCli = (...args: string[]) =>
      run(join(repoRoot, "node_modules/.bin/tsx"), [join(repoRoot, "local/call.ts"), ...args], {
        env,
        cwd: repoRoot,
      });
    const started = await callCli("start", "--to", shopNumber, "--at", open);
    expect(started.stdout).toMatch(/^HTTP 200 /);
    expect(started.stdout).toContain('"type": "gather"');
    const digit = await callCli("digits", "1");
    expect(digit.stdout).toContain('"node": "shop"');
  });

  it("`npm run call` with no stack running says so, without a stack trace", async () => {
    // A port nothing listens on: taken from the system, then let go.
    const server = createServer().listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    server.close();
    const env = { ...process.env, EDGE_URL: `http://127.0.0.1:${port}/` };
    const failed = await run(
      join(repoRoot, "node_modules/.bin/tsx"),
      [join(repoRoot, "local/call.ts"), "start"],
      { env, cwd: repoRoot },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(
      new RegExp(
        `^no answer from the edge at http://127.0.0.1:${port}/ \\(ECONNREFUSED\\): is \`npm start\` running\\?`,
      ),
    );
  });

  it("walks a call: menu, digit 1, the shop is busy, voicemail, done", async () => {
    const start = await call("c-walk", { type: "start" }, { timestamp: open });
    expect(start.status).toBe(200);
    expect(start.headers.get("server-timing")).toBeTruthy();
    expect(start.json.meta).toMatchObject({ bundle: v1.hash, node: "main_menu", fallback: false });
    expect(start.json.actions).toEqual([
      expect.objectContaining({ type: "gather", maxDigits: 1, timeoutSec: 5 }),
    ]);

    const digit = await call(
      "c-walk",
      { type: "digits", digits: "1" },
      { state: start.json.state },
    );
    expect(digit.json.actions).toEqual([
      expect.objectContaining({ type: "connect", to: ["+46701234567"], timeoutSec: 25 }),
    ]);
    expect(digit.json.meta.node).toBe("shop");

    const busy = await call(
      "c-walk",
      { type: "dial_result", status: "busy" },
      { state: digit.json.state },
    );
    expect(busy.json.actions).toEqual([
      expect.objectContaining({ type: "voicemail", mailbox: "florist", maxSec: 120 }),
    ]);

    const done = await call(
      "c-walk",
      { type: "recording_done", url: "https://carrier.example/r.wav", durationSec: 9 },
      { state: busy.json.state },
    );
    expect(done.json.actions).toEqual([{ type: "hangup" }]);
    expect(done.json.state).toBeNull();
  });

  it("plays the closed prompt and takes a message outside opening hours", async () => {
    const answer = await call("c-closed", { type: "start" }, { timestamp: closed });
    expect(answer.json.actions.map((a) => a.type)).toEqual(["play", "voicemail"]);
    expect(answer.json.actions[0]).toMatchObject({
      prompt: { tts: expect.stringContaining("stängd") },
    });
  });

  it("keeps a call on the bundle it started with when a new version is published", async () => {
    const start = await call("c-pinned", { type: "start" }, { timestamp: open });
    const v2 = await putRuleFile(florist.replace("timeoutSec: 5", "timeoutSec: 7"));
    expect(v2.status).toBe(201);
    expect(v2.json.version).toBe(v1.version + 1);
    await publish({ version: v2.json.version });
    await untilServed(v2.json.hash);

    const next = await call("c-pinned", { type: "no_input" }, { state: start.json.state });
    expect(next.json.meta.bundle).toBe(v1.hash);
    expect(next.json.actions[0]).toMatchObject({ type: "gather", timeoutSec: 5 });

    const fresh = await call("c-fresh", { type: "start" }, { timestamp: open });
    expect(fresh.json.actions[0]).toMatchObject({ type: "gather", timeoutSec: 7 });
  });

  it("rolls back to the first version", async () => {
    const res = await fetch(new URL("/v1/rulesets/florist/florist/rollback", stack.controlUrl), {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ version: v1.version }),
    });
    expect(res.status).toBe(200);
    await untilServed(v1.hash);
    const versions = await fetch(
      new URL("/v1/rulesets/florist/florist/versions", stack.controlUrl),
      {
        headers: auth,
      },
    ).then((r) => r.json() as Promise<RulesetAnswer>);
    expect(versions.versions.map((v) => v.version)).toEqual([v1.version + 1, v1.version]);
  });

  it("answers an unknown number with reject unavailable", async () => {
    const answer = await postCall(stack.edgeUrl, carrier, {
      callId: "c-unknown",
      kind: "pbx",
      from: "+46701112233",
      to: "+46899999999",
      direction: "inbound",
      event: { type: "start" },
    });
    expect(answer.status).toBe(200);
    expect(answer.json.actions).toEqual([{ type: "reject", reason: "unavailable" }]);
    expect(answer.json.state).toBeNull();
    expect(answer.json.meta.reason).toBeTruthy();
  });

  it("refuses a wrong signature with 401 and a bad body with 400 naming the field", async () => {
    const body = JSON.stringify({
      callId: "x",
      kind: "pbx",
      from: "+46701112233",
      to: shopNumber,
      direction: "inbound",
      event: { type: "start" },
    });
    const wrong = await fetch(new URL("/v1/calls", stack.edgeUrl), {
      method: "POST",
      headers: webhookHeaders({ id: carrier.id, secret: "not-the-secret" }, body),
      body,
    });
    expect(wrong.status).toBe(401);

    const bad = await call("c-bad", { type: "digits" });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json.error?.issues)).toContain("digits");
  });
});
