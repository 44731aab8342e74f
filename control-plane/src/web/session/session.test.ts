import { beforeAll, describe, expect, it } from "vitest";
import { jwtSecret, operator, pglite, useControlPlane } from "../../../test/harness.ts";
import { accessTokenTtlSec, issueToken, verifyJwt } from "../../auth/index.ts";
import { seedDevUsers } from "../../users/seed.ts";
import { textOf, webClient } from "../test-client.ts";

describe("signing in to the web app", () => {
  const suite = useControlPlane(pglite);
  beforeAll(() => seedDevUsers(suite.database.db));
  const browser = () => webClient(suite.cp.app);

  it("sends a visitor without a session to the login page, and back after signing in", async () => {
    const web = browser();
    const page = await web.get("/app/tenants/florist");
    expect(page.status).toBe(303);
    expect(page.location).toBe("/app/login?next=%2Fapp%2Ftenants%2Fflorist");

    const login = await web.get(page.location ?? "");
    expect(textOf(login.html)).toContain("Sign in to Switchboard");
    expect(login.html).toContain('value="/app/tenants/florist"');
    const res = await web.post("/app/login", {
      email: "Admin@Florist.local",
      password: "switchboard-dev",
      next: "/app/tenants/florist",
    });
    expect(res).toMatchObject({ status: 303, location: "/app/tenants/florist" });
    expect(textOf((await web.get("/app/tenants/florist")).html)).toContain("Rule sets");
  });

  it("keeps the API's own token in an HttpOnly, SameSite=Strict cookie scoped to /app", async () => {
    const web = browser();
    const res = await web.post("/app/login", {
      email: "admin@florist.local",
      password: "switchboard-dev",
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("sb_session="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/app/);
    expect(cookie).toMatch(new RegExp(`Max-Age=${accessTokenTtlSec}`));
    const claims = await verifyJwt(web.jar.get("sb_session") ?? "", jwtSecret);
    expect(claims).toMatchObject({
      sub: "admin@florist.local",
      role: "pbx_admin",
      tenant: "florist",
    });
    // The same token opens the API.
    const api = await suite.cp.app.request("/v1/tenants/florist", {
      headers: { authorization: `Bearer ${web.jar.get("sb_session")}` },
    });
    expect(api.status).toBe(200);
  });

  it("says a wrong password is wrong, keeps the email, and sets no cookie", async () => {
    const web = browser();
    const res = await web.post("/app/login", {
      email: "admin@florist.local",
      password: "nope-nope",
    });
    expect(res.status).toBe(401);
    expect(textOf(res.html)).toContain("That email and password do not match.");
    expect(res.html).toContain('value="admin@florist.local"');
    expect(web.jar.has("sb_session")).toBe(false);
  });

  it("signs in with an access token (the one npm start prints), and refuses anything else", async () => {
    const web = browser();
    const bad = await web.post("/app/login/token", { token: "sbk_not_a_jwt" });
    expect(bad.status).toBe(401);
    expect(textOf(bad.html)).toContain("That token is not valid here");
    const good = await web.post("/app/login/token", { token: `Bearer ${await operator()}` });
    expect(good).toMatchObject({ status: 303, location: "/app" });
    const home = await web.get("/app");
    expect(home.location).toBe("/app/operator");
  });

  it("refuses a form posted from another site (CSRF), whatever the cookie", async () => {
    const web = browser();
    await web.login("operator@switchboard.local");
    const forged = await web.post(
      "/app/tenants",
      { id: "forged", name: "Forged" },
      { headers: { origin: "https://evil.example" } },
    );
    expect(forged.status).toBe(403);
    const tenants = await suite.cp.app.request("/v1/tenants/forged", {
      headers: { authorization: `Bearer ${await operator()}` },
    });
    expect(tenants.status).toBe(404);
  });

  it("renews a session past half its life, and ends it on sign-out", async () => {
    const web = browser();
    const old = await issueToken(
      jwtSecret,
      { sub: "admin@florist.local", role: "pbx_admin", tenant: "florist" },
      60,
    );
    web.jar.set("sb_session", old);
    const page = await web.get("/app/tenants/florist");
    expect(page.status).toBe(200);
    const renewed = web.jar.get("sb_session") ?? "";
    expect(renewed).not.toBe(old);
    const claims = await verifyJwt(renewed, jwtSecret);
    expect(claims.exp - Date.now() / 1000).toBeGreaterThan(accessTokenTtlSec - 60);

    const out = await web.post("/app/logout", {});
    expect(out).toMatchObject({ status: 303, location: "/app/login" });
    expect(web.jar.has("sb_session")).toBe(false);
    expect((await web.get("/app/tenants/florist")).status).toBe(303);
  });

  it("never redirects outside the app after signing in", async () => {
    const web = browser();
    for (const next of [
      "//evil.example/app",
      "https://evil.example",
      "/v1/tenants",
      "/app\\evil",
    ]) {
      const res = await web.post("/app/login", {
        email: "admin@florist.local",
        password: "switchboard-dev",
        next,
      });
      expect(res.location).toBe("/app");
    }
  });
});
