// API keys in the web app: made once, usable at once, revoked for good; each role its own.
import { beforeAll, describe, expect, it } from "vitest";
import { pglite, useControlPlane } from "../../../test/harness.ts";
import { seedDevUsers } from "../../users/seed.ts";
import { textOf, webClient } from "../test-client.ts";

describe("API keys page", () => {
  const suite = useControlPlane(pglite);
  const web = () => webClient({ request: (input, init) => suite.cp.app.request(input, init) });
  const admin = web();
  beforeAll(async () => {
    await seedDevUsers(suite.database.db);
    await admin.login("admin@florist.local");
  });

  it("shows a new key once, which then works on the API until it is revoked", async () => {
    const made = await admin.post("/app/api-keys", { name: "ci publisher" });
    expect(made.status).toBe(200);
    expect(made.headers.get("cache-control")).toBe("no-store");
    const key = /id="new-secret" class="secret">([^<]+)</.exec(made.html)?.[1]?.trim() ?? "";
    expect(textOf(made.html)).toContain('Key "ci publisher" created');

    const versions = () =>
      suite.cp.call("GET", "/v1/rulesets/florist/florist/versions", { token: key });
    expect([200, 404]).toContain((await versions()).status);
    const page = await admin.get("/app/api-keys");
    expect(page.html).not.toContain(key);
    expect(textOf(page.html)).toMatch(/ci publisher pbx_admin admin@florist\.local .* active/);

    const id = /action="\/app\/api-keys\/([^/]+)\/revoke"/.exec(page.html)?.[1];
    const revoked = await admin.post(`/app/api-keys/${id}/revoke`, {});
    expect(revoked).toMatchObject({ status: 303, location: "/app/api-keys" });
    expect(textOf((await admin.get("/app/api-keys")).html)).toContain('Key "ci publisher" revoked');
    expect((await versions()).status).toBe(401);
  });

  it("asks for a name, and keeps another tenant's keys out of sight", async () => {
    const unnamed = await admin.post("/app/api-keys", { name: " " });
    expect(unnamed.status).toBe(422);
    expect(textOf(unnamed.html)).toContain("Give the key a name");

    const provider = web();
    await provider.login("provider@florist.local");
    await provider.post("/app/api-keys", { name: "shop system" });
    const ops = web();
    await ops.login("operator@switchboard.local");
    const forOps = await ops.post("/app/api-keys", {
      name: "bakery sync",
      role: "provider",
      tenant: "bakery",
    });
    expect(forOps.status).toBe(200);
    const adminView = textOf((await admin.get("/app/api-keys")).html);
    expect(adminView).toContain("shop system"); // same tenant (florist), another role
    expect(adminView).not.toContain("bakery sync");
    const opsView = textOf((await ops.get("/app/api-keys")).html);
    expect(opsView).toMatch(/bakery sync provider bakery operator@switchboard\.local/);
  });
});
