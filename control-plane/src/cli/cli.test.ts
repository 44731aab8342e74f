/**
 * `switchboard` as a PBX admin uses it, over HTTP against a running control plane (in-memory
 * PGlite, publishing into a Miniflare KV read back the way the edge reads it).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  decisionEvents,
  type EdgeKv,
  jwtSecret,
  mobilePlanSource,
  pbxSource,
  startEdgeKv,
} from "../../test/harness.ts";
import { controlPlaneClient } from "../client.ts";
import { type RunningControlPlane, startControlPlane } from "../node.ts";
import { main } from "./index.ts";

let edge: EdgeKv;
let server: RunningControlPlane;
let dir: string;
let token = "";

beforeAll(async () => {
  edge = await startEdgeKv();
  dir = await mkdtemp(join(tmpdir(), "switchboard-cli-"));
  server = await startControlPlane({
    port: 0,
    publisher: edge.publisher,
    jwtSecret,
    spoolDir: join(dir, "spool"),
    devUsers: { password: "cli-test-password" },
  });
});
afterAll(async () => {
  await server?.close();
  await edge?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI as the shell would; what it printed, and its exit code. */
async function switchboard(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const env = {
    SWITCHBOARD_URL: server.url,
    SWITCHBOARD_TOKEN: token,
    SWITCHBOARD_PASSWORD: "cli-test-password",
  };
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

async function file(name: string, text: string) {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe("switchboard CLI", () => {
  const numbers = ["+46812000001"];
  const v1 = pbxSource({ tenant: "florist", name: "shop", numbers });
  const v2 = pbxSource({ tenant: "florist", name: "shop", numbers, greeting: "Hej" });

  it("logs a PBX admin in; the token it prints is theirs", async () => {
    const login = await switchboard("login", "admin@florist.local");
    expect(login.code).toBe(0);
    token = login.out;
    const me = controlPlaneClient(server.url, { token });
    const res = await me.v1.tenants[":tenant"].$get({ param: { tenant: "florist" } });
    expect(res.status).toBe(200);
    const other = await me.v1.tenants[":tenant"].$get({ param: { tenant: "someone-else" } });
    expect(other.status).toBe(403);
  });

  it("shows the server's diagnostics with line and column, and stores nothing", async () => {
    const broken = await file("broken.yaml", v1.replace("  entry: welcome", "  entry: welcom"));
    const push = await switchboard("push", broken);
    expect(push.code).toBe(1);
    expect(push.err).toMatch(new RegExp(`${broken}:\\d+:\\d+: error SB\\d+: .*welcom`));
    expect(push.err).toContain("422 invalid_rules");
  });

  it("pushes, canaries, promotes, rolls back, lists and diffs versions", async () => {
    const first = await switchboard("push", await file("shop.yaml", v1), "--publish");
    expect(first).toMatchObject({ code: 0, err: "" });
    expect(first.out).toContain("florist/shop: v1 active");
    const v1Hash = ((await edge.pointer(numbers[0] as string)) as { bundle: string }).bundle;

    const second = await switchboard(
      "push",
      await file("shop.yaml", v2),
      "--publish",
      "--canary",
      "20",
    );
    expect(second.out).toContain("florist/shop: v1 active, v2 canary at 20 %");
    expect(await edge.pointer(numbers[0] as string)).toMatchObject({
      bundle: v1Hash,
      canary: { version: 2, percent: 20 },
    });

    expect((await switchboard("promote", "florist/shop")).out).toBe("florist/shop: v2 active");
    expect((await switchboard("rollback", "florist/shop", "1")).out).toBe(
      "florist/shop: v1 active",
    );
    expect(await edge.pointer(numbers[0] as string)).toMatchObject({
      bundle: v1Hash,
      canary: null,
    });

    const versions = await switchboard("versions", "florist/shop");
    expect(versions.out.split("\n").map((line) => line.split("\t")[0])).toEqual(["v2", "v1"]);
    expect(versions.out.split("\n")[1]).toMatch(/\tadmin@florist\.local\tactive$/);
    const diff = await switchboard("diff", "florist/shop", "1", "2");
    expect(diff.out).toContain('-      prompt: { tts: "Hello" }\n+      prompt: { tts: "Hej" }');
  });

  it("streams a subscriber file in and lists the rows it refused", async () => {
    await switchboard(
      "push",
      await file("plan.yaml", mobilePlanSource({ tenant: "florist" })),
      "--publish",
    );
    const rows = [
      JSON.stringify({ number: "+46761000001", forwarding: { busy: "+46708000000" } }),
      JSON.stringify({ number: "not a number" }),
      JSON.stringify({ number: "+46761000002" }),
    ];
    const imported = await switchboard(
      "import",
      "florist",
      await file("subs.ndjson", rows.join("\n")),
    );
    expect(imported.code).toBe(1);
    expect(imported.out).toBe("2 of 3 rows imported, 1 failed; 1 shard(s) published, 0 unchanged");
    expect(imported.err).toMatch(/subs\.ndjson:2: number: /);
  });

  it("prints the calls report", async () => {
    const operator = controlPlaneClient(server.url, {
      token: (await switchboard("login", "operator@switchboard.local")).out,
    });
    const events = decisionEvents(6, { tenant: "florist", day: "2026-11-20" });
    await operator.v1["events:batch"].$post({ json: { events } });
    const report = await switchboard(
      "report",
      "florist",
      "--from",
      "2026-11-20",
      "--to",
      "2026-11-20",
    );
    expect(report.out.split("\n")).toEqual([
      "florist, 2026-11-20 … 2026-11-20 (UTC days)",
      "day\tnode\toutcome\tcalls\tdecisions",
      "2026-11-20\tmain_menu\tgather\t0\t2",
      "2026-11-20\tsales\tconnect\t0\t2",
      "2026-11-20\twelcome\tplay\t2\t2",
    ]);
  });

  it("explains a wrong command line with exit code 2, and a refusal with 1", async () => {
    expect((await switchboard("rollback", "florist/shop")).code).toBe(2);
    expect((await switchboard("publish", "florist")).code).toBe(2);
    expect((await switchboard("frobnicate")).code).toBe(2);
    const refused = await switchboard("versions", "someone-else/main");
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.err).toContain("403 forbidden");
  });
});
