// The operator's pages without JavaScript, and who else may not see them.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { countrySource, operator, pglite, useControlPlane } from "../../../test/harness.ts";
import { seedDevUsers } from "../../users/seed.ts";
import { textOf, webClient } from "../test-client.ts";
import { edgeHealth } from "./edge.tsx";

describe("operator pages", () => {
  const suite = useControlPlane(pglite);
  const web = () => webClient({ request: (input, init) => suite.cp.app.request(input, init) });
  const ops = web();
  beforeAll(async () => {
    await seedDevUsers(suite.database.db);
    await ops.login("operator@switchboard.local");
  });

  it("adds a tenant, and says why an id is refused", async () => {
    const added = await ops.post("/app/tenants", { id: "bakery", name: "The Bakery" });
    expect(added).toMatchObject({ status: 303, location: "/app/tenants" });
    const list = textOf((await ops.get("/app/tenants")).html);
    expect(list).toContain("Tenant bakery (The Bakery) created.");
    expect(list).toMatch(/bakery The Bakery/);
    const bad = await ops.post("/app/tenants", { id: "Bad Id", name: "x" });
    expect(bad.status).toBe(422);
    expect(textOf(bad.html)).toContain('"Bad Id" is not a tenant id');
  });

  it("creates a carrier with a generated secret, shown once and never cached", async () => {
    const res = await ops.post("/app/carriers", { carrierId: "telia", secret: "" });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const secret = /id="new-secret" class="secret">([^<]+)</.exec(res.html)?.[1]?.trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await suite.edge.json("carrier/telia")).toEqual({ secrets: [secret] });
    const later = await ops.get("/app/carriers");
    expect(later.html).not.toContain(secret);
    expect(textOf(later.html)).toMatch(/telia 1/);

    const short = await ops.post("/app/carriers", { carrierId: "telia", secret: "short" });
    expect(short.status).toBe(422);
    expect(textOf(short.html)).toContain("at least 8 characters");
    expect(await suite.edge.json("carrier/telia")).toEqual({ secrets: [secret] });
  });

  it("enables a country from a pasted rule file, after confirmation", async () => {
    const source = countrySource({ code: "QZ", callingCode: "969" });
    const stored = await ops.post("/app/countries", { source });
    expect(stored).toMatchObject({ status: 303, location: "/app/countries/QZ" });
    const page = textOf((await ops.get("/app/countries/QZ")).html);
    expect(page).toContain("Stored version 1 of QZ.");
    expect(page).toContain("Enable QZ (publish v1)…");
    expect(await suite.edge.json("country/QZ")).toBeNull();

    await ops.post("/app/countries/QZ/rollout", {
      action: "publish",
      version: "1",
      confirm: "yes",
    });
    expect(await suite.edge.json("country/QZ")).toMatchObject({ bundle: expect.any(String) });
    expect(textOf((await ops.get("/app/countries")).html)).toMatch(/QZ \+969/);
  });

  it("adds a provider's user who can then sign in, and says why a user is refused", async () => {
    const added = await ops.post("/app/users", {
      email: "shop@bloom.test",
      role: "provider",
      tenant: "bloom",
      password: "bloom-shop-password",
    });
    expect(added).toMatchObject({ status: 303, location: "/app/users" });
    const list = textOf((await ops.get("/app/users")).html);
    expect(list).toContain("shop@bloom.test added as provider of bloom.");
    expect(list).toMatch(/shop@bloom\.test Provider bloom/);
    const shop = web();
    await shop.login("shop@bloom.test", "bloom-shop-password");
    expect((await shop.get("/app")).location).toBe("/app/providers/bloom");

    const taken = await ops.post("/app/users", {
      email: "shop@bloom.test",
      role: "provider",
      tenant: "bloom",
      password: "another-long-password",
    });
    expect(taken.status).toBe(422);
    expect(textOf(taken.html)).toContain("shop@bloom.test already has a user");
    const short = await ops.post("/app/users", {
      email: "new@bloom.test",
      role: "provider",
      tenant: "bloom",
      password: "short",
    });
    expect(textOf(short.html)).toContain("at least 12 characters");
    const noTenant = await ops.post("/app/users", {
      email: "new@bloom.test",
      role: "pbx_admin",
      tenant: "",
      password: "a-long-enough-password",
    });
    expect(textOf(noTenant.html)).toContain("needs a tenant");
  });

  it("explains a file that is not a Country file", async () => {
    const res = await ops.post("/app/countries", { source: "kind: Pbx\nmetadata: {}\n" });
    expect(res.status).toBe(422);
    expect(textOf(res.html)).toContain("no ISO country code in metadata.name");
    const empty = await ops.post("/app/countries", { source: "" });
    expect(textOf(empty.html)).toContain("Choose a Country rule file or paste one.");
  });

  it("tells the operator when it cannot reach the edge", async () => {
    const page = textOf((await ops.get("/app/operator")).html);
    expect(page).toContain("started without the edge's URL");
  });

  it("keeps PBX admins and providers out of the operator's pages", async () => {
    for (const email of ["admin@florist.local", "provider@florist.local"]) {
      const user = web();
      await user.login(email);
      for (const path of ["/app/carriers", "/app/countries/QZ", "/app/operator", "/app/users"]) {
        expect((await user.get(path)).status, `${email} ${path}`).toBe(403);
      }
      const post = await user.post("/app/carriers", {
        carrierId: "telia",
        secret: "stolen-secret",
      });
      expect(post.status).toBe(403);
    }
    const carriers = await suite.cp.call("GET", "/v1/carriers", { token: await operator() });
    expect(carriers.json.carriers).toEqual([
      expect.objectContaining({ carrierId: "telia", activeSecrets: 1 }),
    ]);
  });
});

describe("edge health", () => {
  it("reports the edge's failing checks, and an edge that does not answer", async () => {
    const server = createServer((_, res) => {
      res.writeHead(503, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ ok: false, checks: { kv: "ok", engine: "ok", stateSecret: "not set" } }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await edgeHealth(url)).toEqual({
        url: `${url}/readyz`,
        ok: false,
        status: 503,
        checks: { kv: "ok", engine: "ok", stateSecret: "not set" },
      });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const gone = await edgeHealth(url);
    expect(gone).toMatchObject({ ok: false, checks: {} });
    expect(gone.error).toMatch(/ECONNREFUSED|fetch failed/);
  });
});
