import { Hono } from "hono";
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { renderError } from "../error.ts";
import { type AuthEnv, assertTenantAccess, bearerAuth, issueToken } from "./index.ts";

const secret = "unit-test-secret";
const app = new Hono<AuthEnv>()
  .use(bearerAuth(secret))
  .get("/who", (c) => c.json(c.get("claims")))
  .get("/tenants/:tenant", (c) => {
    assertTenantAccess(c.get("claims"), c.req.param("tenant"));
    return c.json({ ok: true });
  })
  .onError(renderError);

const get = (path: string, bearer?: string) =>
  app.request(path, { headers: bearer ? { Authorization: `Bearer ${bearer}` } : {} });

describe("bearerAuth", () => {
  it("puts the verified claims on the context", async () => {
    const res = await get("/who", await issueToken(secret, { sub: "ops", role: "operator" }, 60));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ sub: "ops", role: "operator" });
  });

  it.each([
    ["no token", undefined],
    ["a token signed with another key", () => issueToken("other", { sub: "x", role: "operator" })],
    ["an expired token", () => issueToken(secret, { sub: "x", role: "operator" }, -10)],
    ["an unknown role", () => sign({ sub: "x", role: "root", exp: 9e9 }, secret, "HS256")],
    ["a pbx_admin without tenant", () => sign({ sub: "x", role: "pbx_admin", exp: 9e9 }, secret)],
  ])("answers 401 JSON for %s", async (_, make) => {
    const res = await get("/who", make ? await make() : undefined);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: "unauthorized" } });
  });
});

describe("assertTenantAccess", () => {
  it("lets operators act on any tenant and a pbx_admin only on its own", async () => {
    const operator = await issueToken(secret, { sub: "o", role: "operator" });
    const admin = await issueToken(secret, { sub: "a", role: "pbx_admin", tenant: "acme" });
    expect((await get("/tenants/globex", operator)).status).toBe(200);
    expect((await get("/tenants/acme", admin)).status).toBe(200);
    const other = await get("/tenants/globex", admin);
    expect(other.status).toBe(403);
    expect(await other.json()).toMatchObject({
      error: { code: "forbidden", message: expect.stringContaining('"acme"') },
    });
  });
});
