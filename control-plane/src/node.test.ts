import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type EdgeKv, jwtSecret, pbxSource, startEdgeKv, token } from "../test/harness.ts";
import { startControlPlane } from "./node.ts";

let edge: EdgeKv;
let dir: string;
beforeAll(async () => {
  edge = await startEdgeKv();
  dir = await mkdtemp(join(tmpdir(), "control-plane-"));
});
afterAll(async () => {
  await edge?.dispose();
  await rm(dir, { recursive: true, force: true });
});

// Creating a PGlite data directory (initdb) and migrating it twice takes a while on a busy
// machine; not a timing assertion.
it("serves over HTTP from a PGlite directory that survives a restart", {
  timeout: 120_000,
}, async () => {
  const options = { port: 0, dataDir: join(dir, "pglite"), publisher: edge.publisher, jwtSecret };
  const headers = { Authorization: `Bearer ${await token({ sub: "ops", role: "operator" })}` };
  const yaml = pbxSource({ tenant: "acme", numbers: ["+46850000001"] });

  const first = await startControlPlane(options);
  const put = await fetch(`${first.url}/v1/rulesets/acme/main`, {
    method: "PUT",
    headers: { ...headers, "Content-Type": "application/yaml" },
    body: yaml,
  });
  expect(put.status).toBe(201);
  await first.close();

  // Migrations run again on start and must be a no-op; the stored version is still there.
  const second = await startControlPlane(options);
  const list = await fetch(`${second.url}/v1/rulesets/acme/main/versions`, { headers });
  expect(await list.json()).toMatchObject({ versions: [{ version: 1 }] });
  await second.close();
});
