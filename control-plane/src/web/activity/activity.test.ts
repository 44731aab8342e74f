// The Activity page: the audit log as each role may see it.
import { beforeAll, describe, expect, it } from "vitest";
import { operator, pbxSource, pglite, token, useControlPlane } from "../../../test/harness.ts";
import { seedDevUsers } from "../../users/seed.ts";
import { textOf, webClient } from "../test-client.ts";

describe("activity", () => {
  const suite = useControlPlane(pglite);
  const web = () => webClient({ request: (input, init) => suite.cp.app.request(input, init) });

  beforeAll(async () => {
    await seedDevUsers(suite.database.db);
    // florist's admin publishes; another tenant's admin does too.
    for (const [tenant, sub] of [
      ["florist", "admin@florist.local"],
      ["bakery", "admin@bakery.test"],
    ] as const) {
      const auth = await token({ sub, role: "pbx_admin", tenant });
      const yaml = pbxSource({
        tenant,
        numbers: [tenant === "florist" ? "+46812300001" : "+46812300002"],
      });
      const put = await suite.cp.call("PUT", `/v1/rulesets/${tenant}/main`, { token: auth, yaml });
      expect(put.status).toBe(201);
      const published = await suite.cp.call("POST", `/v1/rulesets/${tenant}/main/publish`, {
        token: auth,
        body: {},
      });
      expect(published.status).toBe(200);
    }
  });

  it("shows a PBX admin who published what in their tenant, and nothing of others", async () => {
    const admin = web();
    await admin.login("admin@florist.local");
    const page = await admin.get("/app/activity");
    expect(page.status).toBe(200);
    const text = textOf(page.html);
    expect(text).toContain("Who changed what in tenant florist, newest first.");
    expect(text).toMatch(/admin@florist\.local pbx_admin ruleset\.publish ruleset\/florist\/main/);
    expect(text).not.toContain("bakery");
    expect(page.html).toContain('href="/app/activity" aria-current="page"');
  });

  it("shows the operator every tenant, or the one asked for", async () => {
    const ops = web();
    await ops.login("operator@switchboard.local");
    const all = textOf((await ops.get("/app/activity")).html);
    expect(all).toContain("every tenant");
    expect(all).toContain("ruleset/florist/main");
    expect(all).toContain("ruleset/bakery/main");
    const bakery = textOf((await ops.get("/app/activity?tenant=bakery")).html);
    expect(bakery).toContain("ruleset/bakery/main");
    expect(bakery).not.toContain("ruleset/florist/main");
    const bad = await ops.get("/app/activity?tenant=Not%20A%20Tenant");
    expect(bad.status).toBe(200);
    expect(textOf(bad.html)).toContain('"Not A Tenant" is not a tenant id; showing every tenant.');
  });

  it("pages back through older changes", async () => {
    const auth = await operator();
    for (let i = 0; i < 55; i++) {
      const res = await suite.cp.call("PUT", "/v1/tenants/bakery", {
        token: auth,
        body: { name: `Bakery ${i}` },
      });
      expect(res.status).toBeLessThan(300);
    }
    const ops = web();
    await ops.login("operator@switchboard.local");
    const first = await ops.get("/app/activity?tenant=bakery");
    const older = /href="(\/app\/activity\?[^"]+)">Older changes/.exec(first.html)?.[1];
    expect(older).toMatch(/before=\d+/);
    const second = textOf((await ops.get(older?.replaceAll("&amp;", "&") ?? "")).html);
    expect(second).toContain("Older changes");
    expect(second).toContain("ruleset/bakery/main");
  });
});
