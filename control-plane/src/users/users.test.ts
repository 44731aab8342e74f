import { decode } from "hono/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { databaseTargets, okJson, operator, token, useControlPlane } from "../../test/harness.ts";
import { seedDevUsers } from "./seed.ts";

describe.each(databaseTargets)("users and login on $name", (target) => {
  const suite = useControlPlane(target);
  beforeAll(() => seedDevUsers(suite.database.db, { password: "dev-password-1" }));

  it("logs a seeded user in with a 15-minute token carrying role and tenant", async () => {
    const login = suite.cp.client().v1.auth.login;
    const res = await login.$post({
      json: { email: "Admin@Florist.local", password: "dev-password-1" },
    });
    expect(res.status).toBe(200);
    const body = await okJson(res);
    expect(body).toMatchObject({
      tokenType: "Bearer",
      expiresIn: 900,
      role: "pbx_admin",
      tenant: "florist",
    });
    const { payload } = decode(body.accessToken);
    expect(payload).toMatchObject({
      sub: "admin@florist.local",
      role: "pbx_admin",
      tenant: "florist",
    });
    expect(Number(payload.exp) - Date.now() / 1000).toBeLessThanOrEqual(900);

    const tenants = await suite.cp.client(body.accessToken).v1.tenants.$get();
    expect(await tenants.json()).toMatchObject({ tenants: [{ id: "florist" }] });
  });

  it("answers a wrong password and an unknown email alike with 401", async () => {
    const login = suite.cp.client().v1.auth.login;
    const wrong = await login.$post({ json: { email: "admin@florist.local", password: "nope" } });
    const unknown = await login.$post({ json: { email: "who@nowhere.test", password: "nope" } });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it("lets only operators create users, and never two with one email", async () => {
    const users = suite.cp.client(await operator()).v1.users;
    const json = {
      email: "new@acme.test",
      password: "a long password!",
      role: "pbx_admin" as const,
      tenant: "acme",
    };
    const created = await users.$post({ json });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      email: "new@acme.test",
      role: "pbx_admin",
      tenant: "acme",
    });
    expect((await users.$post({ json })).status).toBe(409);
    const noTenant = await users.$post({
      json: { ...json, email: "x@acme.test", tenant: undefined },
    });
    expect(noTenant.status).toBe(422);

    const admin = await token({ sub: "a", role: "pbx_admin", tenant: "acme" });
    const denied = await suite.cp
      .client(admin)
      .v1.users.$post({ json: { ...json, email: "y@acme.test" } });
    expect(denied.status).toBe(403);
    const listed = await (await suite.cp.client(admin).v1.users.$get({ query: {} })).json();
    expect(listed.users.map((u: { email: string }) => u.email)).toEqual(["new@acme.test"]);
    const login = await suite.cp.client().v1.auth.login.$post({
      json: { email: "new@acme.test", password: "a long password!" },
    });
    expect(login.status).toBe(200);
  });
});
