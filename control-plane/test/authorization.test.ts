/**
 * The authorization matrix: every role (and an API key) × every resource × its own tenant and
 * another tenant. Allowed requests must get past authorization; denied ones get 403 (or 404 where
 * even existence is private), carry nothing but the error, and change nothing: every write is
 * audited in its own transaction, so an unchanged audit log proves no write happened.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  countrySource,
  databaseTargets,
  decisionEvents,
  fresh,
  mobilePlanSource,
  operator,
  pbxSource,
  queryRows,
  rankingSource,
  token,
  useControlPlane,
} from "./harness.ts";
import { enableMarket, opening } from "./marketplace.ts";

type Role = "operator" | "pbx_admin" | "provider";
interface Request {
  method: string;
  path: string;
  body?: unknown;
  yaml?: string;
  ndjson?: string;
}
interface Resource {
  name: string;
  /** The route it exercises, as the app registers it (`METHOD /path/:param`). */
  route: string;
  write: boolean;
  /** Roles allowed on their own tenant; operators are allowed everywhere. */
  roles: Role[];
  /** Answer when denied (404 where a tenant's ids are not disclosed). */
  denied?: number;
  /** Not a tenant's data: the same for every tenant's users. */
  global?: true;
  request(t: Fixture): Request;
}
interface Fixture {
  tenant: string;
  number: (i: number) => string;
  subscriber: string;
  keyId: string;
  /** The tenant is also a marketplace provider with this opening and campaign. */
  opening: string;
  campaign: string;
}

const own: Role[] = ["pbx_admin", "provider"];
const seller: Role[] = ["provider"];
const market = (t: Fixture) => `/v1/providers/${t.tenant}`;
/** The marketplace: providers manage their own openings and campaigns; PBX admins nothing. */
const marketplace: Resource[] = [
  {
    name: "categories",
    route: "GET /v1/categories",
    write: false,
    roles: seller,
    global: true,
    request: () => ({ method: "GET", path: "/v1/categories" }),
  },
  {
    name: "category create",
    route: "PUT /v1/categories/:category",
    write: true,
    roles: [],
    request: () => ({
      method: "PUT",
      path: `/v1/categories/c-${Math.random().toString(36).slice(2, 10)}`,
      body: { name: "C" },
    }),
  },
  {
    name: "providers",
    route: "GET /v1/providers",
    write: false,
    roles: seller,
    global: true,
    request: () => ({ method: "GET", path: "/v1/providers" }),
  },
  {
    name: "provider",
    route: "GET /v1/providers/:provider",
    write: false,
    roles: seller,
    request: (t) => ({ method: "GET", path: market(t) }),
  },
  {
    name: "provider update",
    route: "PUT /v1/providers/:provider",
    write: true,
    roles: seller,
    request: (t) => ({
      method: "PUT",
      path: market(t),
      body: { name: `Shop ${Math.random()}`, country: "SE" },
    }),
  },
  {
    name: "openings",
    route: "GET /v1/providers/:provider/openings",
    write: false,
    roles: seller,
    request: (t) => ({ method: "GET", path: `${market(t)}/openings` }),
  },
  {
    name: "opening create",
    route: "POST /v1/providers/:provider/openings",
    write: true,
    roles: seller,
    request: (t) => ({ method: "POST", path: `${market(t)}/openings`, body: opening() }),
  },
  {
    name: "opening",
    route: "GET /v1/providers/:provider/openings/:opening",
    write: false,
    roles: seller,
    request: (t) => ({ method: "GET", path: `${market(t)}/openings/${t.opening}` }),
  },
  {
    name: "opening rank preview",
    route: "GET /v1/providers/:provider/openings/:opening/rank",
    write: false,
    roles: seller,
    request: (t) => ({ method: "GET", path: `${market(t)}/openings/${t.opening}/rank?q=roses` }),
  },
  {
    name: "opening update",
    route: "PATCH /v1/providers/:provider/openings/:opening",
    write: true,
    roles: seller,
    request: (t) => ({
      method: "PATCH",
      path: `${market(t)}/openings/${t.opening}`,
      body: { title: `Roses ${Math.random()}` },
    }),
  },
  {
    name: "opening publish",
    route: "POST /v1/providers/:provider/openings/:opening/publish",
    write: true,
    roles: seller,
    request: (t) => ({ method: "POST", path: `${market(t)}/openings/${t.opening}/publish` }),
  },
  {
    name: "opening disable",
    route: "POST /v1/providers/:provider/openings/:opening/disable",
    write: true,
    roles: seller,
    request: (t) => ({ method: "POST", path: `${market(t)}/openings/${t.opening}/disable` }),
  },
  {
    name: "campaigns",
    route: "GET /v1/providers/:provider/campaigns",
    write: false,
    roles: seller,
    request: (t) => ({ method: "GET", path: `${market(t)}/campaigns` }),
  },
  {
    name: "campaign create",
    route: "POST /v1/providers/:provider/campaigns",
    write: true,
    roles: seller,
    request: (t) => ({
      method: "POST",
      path: `${market(t)}/campaigns`,
      body: {
        opening: t.opening,
        dailyBudgetMinor: 1000,
        totalBudgetMinor: 5000,
        maxCpcMinor: 100,
      },
    }),
  },
  {
    name: "campaign",
    route: "GET /v1/providers/:provider/campaigns/:campaign",
    write: false,
    roles: seller,
    request: (t) => ({ method: "GET", path: `${market(t)}/campaigns/${t.campaign}` }),
  },
  {
    name: "campaign update",
    route: "PATCH /v1/providers/:provider/campaigns/:campaign",
    write: true,
    roles: seller,
    request: (t) => ({
      method: "PATCH",
      path: `${market(t)}/campaigns/${t.campaign}`,
      body: { dailyBudgetMinor: 1000 + Math.floor(Math.random() * 1000) },
    }),
  },
  {
    name: "campaign pause",
    route: "POST /v1/providers/:provider/campaigns/:campaign/pause",
    write: true,
    roles: seller,
    request: (t) => ({ method: "POST", path: `${market(t)}/campaigns/${t.campaign}/pause` }),
  },
  {
    name: "campaign resume",
    route: "POST /v1/providers/:provider/campaigns/:campaign/resume",
    write: true,
    roles: seller,
    request: (t) => ({ method: "POST", path: `${market(t)}/campaigns/${t.campaign}/resume` }),
  },
  {
    name: "opening report",
    route: "GET /v1/providers/:provider/reports/openings",
    write: false,
    roles: seller,
    request: (t) => ({ method: "GET", path: `${market(t)}/reports/openings` }),
  },
  {
    name: "campaign report",
    route: "GET /v1/providers/:provider/reports/campaigns",
    write: false,
    roles: seller,
    request: (t) => ({ method: "GET", path: `${market(t)}/reports/campaigns` }),
  },
];

const resources: Resource[] = [
  {
    name: "tenant",
    route: "GET /v1/tenants/:tenant",
    write: false,
    roles: own,
    request: (t) => ({ method: "GET", path: `/v1/tenants/${t.tenant}` }),
  },
  {
    name: "tenant rename",
    route: "PUT /v1/tenants/:tenant",
    write: true,
    roles: [],
    request: (t) => ({ method: "PUT", path: `/v1/tenants/${t.tenant}`, body: { name: "Renamed" } }),
  },
  {
    name: "numbers",
    route: "GET /v1/tenants/:tenant/numbers",
    write: false,
    roles: ["pbx_admin"],
    request: (t) => ({ method: "GET", path: `/v1/tenants/${t.tenant}/numbers` }),
  },
  {
    name: "rule set upload",
    route: "PUT /v1/rulesets/:tenant/:name",
    write: true,
    roles: ["pbx_admin"],
    request: (t) => ({
      method: "PUT",
      path: `/v1/rulesets/${t.tenant}/main`,
      yaml: pbxSource({ tenant: t.tenant, numbers: [t.number(1)], greeting: `g${Math.random()}` }),
    }),
  },
  {
    name: "rule set publish",
    route: "POST /v1/rulesets/:tenant/:name/publish",
    write: true,
    roles: ["pbx_admin"],
    request: (t) => ({
      method: "POST",
      path: `/v1/rulesets/${t.tenant}/main/publish`,
      body: { version: 1 },
    }),
  },
  {
    name: "rule set promote",
    route: "POST /v1/rulesets/:tenant/:name/promote",
    write: true,
    roles: ["pbx_admin"],
    request: (t) => ({ method: "POST", path: `/v1/rulesets/${t.tenant}/main/promote` }),
  },
  {
    name: "rule set rollback",
    route: "POST /v1/rulesets/:tenant/:name/rollback",
    write: true,
    roles: ["pbx_admin"],
    request: (t) => ({
      method: "POST",
      path: `/v1/rulesets/${t.tenant}/main/rollback`,
      body: { version: 1 },
    }),
  },
  {
    name: "rule sets",
    route: "GET /v1/rulesets/:tenant",
    write: false,
    roles: ["pbx_admin"],
    request: (t) => ({ method: "GET", path: `/v1/rulesets/${t.tenant}` }),
  },
  {
    name: "rule set check",
    route: "POST /v1/rulesets/:tenant/:name/check",
    write: false,
    roles: ["pbx_admin"],
    request: (t) => ({
      method: "POST",
      path: `/v1/rulesets/${t.tenant}/main/check`,
      yaml: pbxSource({ tenant: t.tenant, numbers: [t.number(1)] }),
    }),
  },
  {
    name: "rule set versions",
    route: "GET /v1/rulesets/:tenant/:name/versions",
    write: false,
    roles: ["pbx_admin"],
    request: (t) => ({ method: "GET", path: `/v1/rulesets/${t.tenant}/main/versions` }),
  },
  {
    name: "rule set version",
    route: "GET /v1/rulesets/:tenant/:name/versions/:version",
    write: false,
    roles: ["pbx_admin"],
    request: (t) => ({ method: "GET", path: `/v1/rulesets/${t.tenant}/main/versions/1` }),
  },
  {
    name: "rule set diff",
    route: "GET /v1/rulesets/:tenant/:name/diff",
    write: false,
    roles: ["pbx_admin"],
    request: (t) => ({ method: "GET", path: `/v1/rulesets/${t.tenant}/main/diff?from=1&to=1` }),
  },
  {
    name: "ranking upload",
    route: "PUT /v1/rulesets/:tenant/:name",
    write: true,
    roles: [],
    request: (t) => ({
      method: "PUT",
      path: `/v1/rulesets/${t.tenant}/rank`,
      yaml: rankingSource({ tenant: t.tenant, name: "rank", country: "SE", category: t.tenant }),
    }),
  },
  {
    name: "subscribers",
    route: "GET /v1/tenants/:tenant/subscribers",
    write: false,
    roles: ["pbx_admin"],
    request: (t) => ({ method: "GET", path: `/v1/tenants/${t.tenant}/subscribers` }),
  },
  {
    name: "subscriber",
    route: "GET /v1/tenants/:tenant/subscribers/:number",
    write: false,
    roles: ["pbx_admin"],
    request: (t) => ({
      method: "GET",
      path: `/v1/tenants/${t.tenant}/subscribers/${t.subscriber}`,
    }),
  },
  {
    name: "subscriber put",
    route: "PUT /v1/tenants/:tenant/subscribers/:number",
    write: true,
    roles: ["pbx_admin"],
    request: (t) => ({
      method: "PUT",
      path: `/v1/tenants/${t.tenant}/subscribers/${t.subscriber}`,
      body: { noAnswerTimeoutSec: 5 + Math.floor(Math.random() * 100) },
    }),
  },
  {
    name: "subscriber delete",
    route: "DELETE /v1/tenants/:tenant/subscribers/:number",
    write: true,
    roles: ["pbx_admin"],
    request: (t) => ({
      method: "DELETE",
      path: `/v1/tenants/${t.tenant}/subscribers/${t.subscriber.slice(0, -1)}9`,
    }),
  },
  {
    name: "subscriber import",
    route: "POST /v1/tenants/:tenant/subscribers:import",
    write: true,
    roles: ["pbx_admin"],
    request: (t) => ({
      method: "POST",
      path: `/v1/tenants/${t.tenant}/subscribers:import`,
      ndjson: `{"number":"${t.subscriber.slice(0, -1)}2"}\n`,
    }),
  },
  {
    name: "subscriber publish",
    route: "POST /v1/tenants/:tenant/subscribers:publish",
    write: true,
    roles: ["pbx_admin"],
    request: (t) => ({ method: "POST", path: `/v1/tenants/${t.tenant}/subscribers:publish` }),
  },
  {
    name: "call report",
    route: "GET /v1/reports/calls",
    write: false,
    roles: ["pbx_admin"],
    request: (t) => ({
      method: "GET",
      path: `/v1/reports/calls?tenant=${t.tenant}&from=2026-11-21&to=2026-11-21`,
    }),
  },
  {
    name: "audit log",
    route: "GET /v1/audit",
    write: false,
    roles: own,
    request: (t) => ({ method: "GET", path: `/v1/audit?tenant=${t.tenant}` }),
  },
  {
    name: "users",
    route: "GET /v1/users",
    write: false,
    roles: own,
    request: (t) => ({ method: "GET", path: `/v1/users?tenant=${t.tenant}` }),
  },
  {
    name: "user create",
    route: "POST /v1/users",
    write: true,
    roles: [],
    request: (t) => ({
      method: "POST",
      path: "/v1/users",
      body: {
        email: `${Math.random()}@${t.tenant}.test`,
        password: "long enough password",
        role: "pbx_admin",
        tenant: t.tenant,
      },
    }),
  },
  {
    name: "api keys",
    route: "GET /v1/api-keys",
    write: false,
    roles: own,
    request: (t) => ({ method: "GET", path: `/v1/api-keys?tenant=${t.tenant}` }),
  },
  {
    name: "api key create",
    route: "POST /v1/api-keys",
    write: true,
    roles: own,
    request: (t) => ({
      method: "POST",
      path: "/v1/api-keys",
      body: { name: "matrix", tenant: t.tenant },
    }),
  },
  {
    name: "api key revoke",
    route: "DELETE /v1/api-keys/:id",
    write: true,
    roles: own,
    denied: 404,
    request: (t) => ({ method: "DELETE", path: `/v1/api-keys/${t.keyId}` }),
  },
  {
    name: "carrier",
    route: "PUT /v1/carriers/:carrierId",
    write: true,
    roles: [],
    request: (t) => ({
      method: "PUT",
      path: `/v1/carriers/c-${t.tenant}`,
      body: { secret: "a carrier secret" },
    }),
  },
  {
    name: "carriers",
    route: "GET /v1/carriers",
    write: false,
    roles: [],
    request: () => ({ method: "GET", path: "/v1/carriers" }),
  },
  {
    name: "country upload",
    route: "PUT /v1/countries/:code",
    write: true,
    roles: [],
    request: () => ({
      method: "PUT",
      path: "/v1/countries/QZ",
      yaml: countrySource({ code: "QZ", callingCode: "969" }),
    }),
  },
  {
    name: "country publish",
    route: "POST /v1/countries/:code/publish",
    write: true,
    roles: [],
    request: () => ({ method: "POST", path: "/v1/countries/QY/publish", body: { version: 1 } }),
  },
  {
    name: "country rollback",
    route: "POST /v1/countries/:code/rollback",
    write: true,
    roles: [],
    request: () => ({ method: "POST", path: "/v1/countries/QY/rollback", body: { version: 1 } }),
  },
  {
    name: "country versions",
    route: "GET /v1/countries/:code/versions",
    write: false,
    roles: own,
    global: true,
    request: () => ({ method: "GET", path: "/v1/countries/QY/versions" }),
  },
  {
    name: "country diff",
    route: "GET /v1/countries/:code/diff",
    write: false,
    roles: own,
    global: true,
    request: () => ({ method: "GET", path: "/v1/countries/QY/diff?from=1&to=1" }),
  },
  {
    name: "tenants",
    route: "GET /v1/tenants",
    write: false,
    roles: own,
    global: true,
    request: () => ({ method: "GET", path: "/v1/tenants" }),
  },
  {
    name: "countries",
    route: "GET /v1/countries",
    write: false,
    roles: own,
    global: true,
    request: () => ({ method: "GET", path: "/v1/countries" }),
  },
  {
    name: "events ingest",
    route: "POST /v1/events:batch",
    write: true,
    roles: [],
    request: (t) => ({
      method: "POST",
      path: "/v1/events:batch",
      body: { events: decisionEvents(1, { tenant: t.tenant, idPrefix: `m${Math.random()}` }) },
    }),
  },
  {
    name: "carrier report",
    route: "GET /v1/reports/carriers",
    write: false,
    roles: [],
    request: () => ({ method: "GET", path: "/v1/reports/carriers" }),
  },
  ...marketplace,
];

/** Routes anyone may call: no tenant's data behind them. */
const publicRoutes = ["GET /healthz", "GET /openapi.json", "GET /docs", "POST /v1/auth/login"];

const principals: { name: string; role: Role; viaKey?: boolean }[] = [
  { name: "operator", role: "operator" },
  { name: "pbx_admin", role: "pbx_admin" },
  { name: "provider", role: "provider" },
  { name: "pbx_admin API key", role: "pbx_admin", viaKey: true },
];

const cases = principals.flatMap((who) =>
  (["own", "other"] as const).flatMap((whose) => resources.map((what) => ({ who, whose, what }))),
);

describe.each(databaseTargets)("authorization matrix on $name", (target) => {
  const suite = useControlPlane(target);
  const fixtures = {} as Record<"own" | "other", Fixture>;
  const bearers = {} as Record<string, string>;

  beforeAll(async () => {
    await suite.cp.upload("_countries", countrySource({ code: "QY", callingCode: "968" }), "QY");
    await suite.cp.publish("_countries", {}, "QY");
    await enableMarket(suite.cp);
    for (const whose of ["own", "other"] as const) {
      const { tenant, number } = fresh();
      await suite.cp.upload(tenant, pbxSource({ tenant, numbers: [number(1)] }));
      await suite.cp.publish(tenant, {});
      await suite.cp.upload(tenant, mobilePlanSource({ tenant }), "plan");
      await suite.cp.publish(tenant, {}, "plan");
      const subscriber = `+4676${tenant.slice(-4)}0001`;
      await suite.cp.call("PUT", `/v1/tenants/${tenant}/subscribers/${subscriber}`, {
        token: await operator(),
        body: {},
      });
      const key = await suite.cp.call("POST", "/v1/api-keys", {
        token: await operator(),
        body: { name: "k", role: "pbx_admin", tenant },
      });
      const ops = await operator();
      await suite.cp.call("PUT", `/v1/providers/${tenant}`, {
        token: ops,
        body: { name: tenant, country: "SE" },
      });
      const made = await suite.cp.call("POST", `/v1/providers/${tenant}/openings`, {
        token: ops,
        body: opening(),
      });
      const campaign = await suite.cp.call("POST", `/v1/providers/${tenant}/campaigns`, {
        token: ops,
        body: {
          opening: made.json.id,
          dailyBudgetMinor: 1000,
          totalBudgetMinor: 5000,
          maxCpcMinor: 100,
        },
      });
      fixtures[whose] = {
        tenant,
        number,
        subscriber,
        keyId: key.json.id,
        opening: made.json.id,
        campaign: campaign.json.id,
      };
    }
    const tenant = fixtures.own.tenant;
    bearers.operator = await operator();
    bearers.pbx_admin = await token({ sub: "admin@own", role: "pbx_admin", tenant });
    bearers.provider = await token({ sub: "shop@own", role: "provider", tenant });
    const key = await suite.cp.call("POST", "/v1/api-keys", {
      token: await operator(),
      body: { name: "matrix", role: "pbx_admin", tenant },
    });
    bearers["pbx_admin API key"] = key.json.key;
  });

  const auditCount = async () =>
    (
      await queryRows<{ n: number }>(
        suite.database.db,
        sql`SELECT count(*)::int AS n FROM audit_log`,
      )
    )[0]?.n;

  it("covers every route the control plane serves", () => {
    // The web app (`/app`, and `/` redirecting to it) acts through this API with the signed-in
    // user's own token, so its pages are authorized by these rows (control-plane/src/web/).
    const served = suite.cp.app.routes
      .filter((r) => r.method !== "ALL" && r.path !== "/" && !r.path.startsWith("/app"))
      .map((r) => `${r.method} ${r.path}`);
    const covered = new Set([...resources.map((r) => r.route), ...publicRoutes]);
    // A new route fails here until it has a row in `resources` (or is public by design).
    expect(served.filter((route) => !covered.has(route))).toEqual([]);
    expect([...covered].filter((route) => !served.includes(route))).toEqual([]);
  });

  it.each(cases)("$who.name on $whose tenant: $what.name", async ({ who, whose, what }) => {
    const request = what.request(fixtures[whose]);
    const allowed =
      who.role === "operator" ||
      ((whose === "own" || what.global) && what.roles.includes(who.role));
    const before = await auditCount();
    const res = await suite.cp.call(request.method, request.path, {
      token: bearers[who.name],
      body: request.body,
      yaml: request.yaml ?? request.ndjson,
      contentType: request.ndjson ? "application/x-ndjson" : undefined,
    });
    if (allowed) {
      expect([401, 403], JSON.stringify(res.json)).not.toContain(res.status);
      expect(res.status).toBeLessThan(500);
      // Lists and reads scoped to one tenant never show another tenant's data.
      if (who.role !== "operator") {
        expect(JSON.stringify(res.json)).not.toContain(fixtures.other.tenant);
      }
      return;
    }
    expect(res.status, JSON.stringify(res.json)).toBe(what.denied ?? 403);
    expect(Object.keys(res.json)).toEqual(["error"]);
    expect(JSON.stringify(res.json)).not.toContain(fixtures.other.subscriber);
    expect(JSON.stringify(res.json)).not.toContain(fixtures.other.opening);
    if (what.write) expect(await auditCount()).toBe(before);
  });
});
