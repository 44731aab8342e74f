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
    write: false,
    roles: seller,
    global: true,
    request: () => ({ method: "GET", path: "/v1/categories" }),
  },
  {
    name: "category create",
    write: true,
    roles: [],
    request: (t) => ({ method: "PUT", path: `/v1/categories/c-${t.tenant}`, body: { name: "C" } }),
  },
  {
    name: "providers",
    write: false,
    roles: seller,
    global: true,
    request: () => ({ method: "GET", path: "/v1/providers" }),
  },
  {
    name: "provider",
    write: false,
    roles: seller,
    request: (t) => ({ method: "GET", path: market(t) }),
  },
  {
    name: "provider update",
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
    write: false,
    roles: seller,
    request: (t) => ({ method: "GET", path: `${market(t)}/openings` }),
  },
  {
    name: "opening create",
    write: true,
    roles: seller,
    request: (t) => ({ method: "POST", path: `${market(t)}/openings`, body: opening() }),
  },
  {
    name: "opening",
    write: false,
    roles: seller,
    request: (t) => ({ method: "GET", path: `${market(t)}/openings/${t.opening}` }),
  },
  {
    name: "opening rank preview",
    write: false,
    roles: seller,
    request: (t) => ({ method: "GET", path: `${market(t)}/openings/${t.opening}/rank?q=roses` }),
  },
  {
    name: "opening update",
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
    write: true,
    roles: seller,
    request: (t) => ({ method: "POST", path: `${market(t)}/openings/${t.opening}/publish` }),
  },
  {
    name: "opening disable",
    write: true,
    roles: seller,
    request: (t) => ({ method: "POST", path: `${market(t)}/openings/${t.opening}/disable` }),
  },
  {
    name: "campaigns",
    write: false,
    roles: seller,
    request: (t) => ({ method: "GET", path: `${market(t)}/campaigns` }),
  },
  {
    name: "campaign create",
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
    write: false,
    roles: seller,
    request: (t) => ({ method: "GET", path: `${market(t)}/campaigns/${t.campaign}` }),
  },
  {
    name: "campaign update",
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
    write: true,
    roles: seller,
    request: (t) => ({ method: "POST", path: `${market(t)}/campaigns/${t.campaign}/pause` }),
  },
  {
    name: "campaign resume",
    write: true,
    roles: seller,
    request: (t) => ({ method: "POST", path: `${market(t)}/campaigns/${t.campaign}/resume` }),
  },
  {
    name: "opening report",
    write: false,
    roles: seller,
    request: (t) => ({ method: "GET", path: `${market(t)}/reports/openings` }),
  },
  {
    name: "campaign report",
    write: false,
    roles: seller,
    request: (t) => ({ method: "GET", path: `${market(t)}/reports/campaigns` }),
  },
];

const resources: Resource[] = [
  {
    name: "tenant",
    write: false,
    roles: own,
    request: (t) => ({ method: "GET", path: `/v1/tenants/${t.tenant}` }),
  },
  {
    name: "tenant rename",
    write: true,
    roles: [],
    request: (t) => ({ method: "PUT", path: `/v1/tenants/${t.tenant}`, body: { name: "Renamed" } }),
  },
  {
    name: "numbers",
    write: false,
    roles: ["pbx_admin"],
    request: (t) => ({ method: "GET", path: `/v1/tenants/${t.tenant}/numbers` }),
  },
  {
    name: "rule set upload",
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
    write: true,
    roles: ["pbx_admin"],
    request: (t) => ({ method: "POST", path: `/v1/rulesets/${t.tenant}/main/promote` }),
  },
  {
    name: "rule set rollback",
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
    write: false,
    roles: ["pbx_admin"],
    request: (t) => ({ method: "GET", path: `/v1/rulesets/${t.tenant}` }),
  },
  {
    name: "rule set check",
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
    write: false,
    roles: ["pbx_admin"],
    request: (t) => ({ method: "GET", path: `/v1/rulesets/${t.tenant}/main/versions` }),
  },
  {
    name: "rule set version",
    write: false,
    roles: ["pbx_admin"],
    request: (t) => ({ method: "GET", path: `/v1/rulesets/${t.tenant}/main/versions/1` }),
  },
  {
    name: "rule set diff",
    write: false,
    roles: ["pbx_admin"],
    request: (t) => ({ method: "GET", path: `/v1/rulesets/${t.tenant}/main/diff?from=1&to=1` }),
  },
  {
    name: "ranking upload",
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
    write: false,
    roles: ["pbx_admin"],
    request: (t) => ({ method: "GET", path: `/v1/tenants/${t.tenant}/subscribers` }),
  },
  {
    name: "subscriber",
    write: false,
    roles: ["pbx_admin"],
    request: (t) => ({
      method: "GET",
      path: `/v1/tenants/${t.tenant}/subscribers/${t.subscriber}`,
    }),
  },
  {
    name: "subscriber put",
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
    write: true,
    roles: ["pbx_admin"],
    request: (t) => ({
      method: "DELETE",
      path: `/v1/tenants/${t.tenant}/subscribers/${t.subscriber.slice(0, -1)}9`,
    }),
  },
  {
    name: "subscriber import",
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
    write: true,
    roles: ["pbx_admin"],
    request: (t) => ({ method: "POST", path: `/v1/tenants/${t.tenant}/subscribers:publish` }),
  },
  {
    name: "call report",
    write: false,
    roles: ["pbx_admin"],
    request: (t) => ({
      method: "GET",
      path: `/v1/reports/calls?tenant=${t.tenant}&from=2026-11-21&to=2026-11-21`,
    }),
  },
  {
    name: "audit log",
    write: false,
    roles: own,
    request: (t) => ({ method: "GET", path: `/v1/audit?tenant=${t.tenant}` }),
  },
  {
    name: "users",
    write: false,
    roles: own,
    request: (t) => ({ method: "GET", path: `/v1/users?tenant=${t.tenant}` }),
  },
  {
    name: "user create",
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
    write: false,
    roles: own,
    request: (t) => ({ method: "GET", path: `/v1/api-keys?tenant=${t.tenant}` }),
  },
  {
    name: "api key create",
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
    write: true,
    roles: own,
    denied: 404,
    request: (t) => ({ method: "DELETE", path: `/v1/api-keys/${t.keyId}` }),
  },
  {
    name: "carrier",
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
    write: false,
    roles: [],
    request: () => ({ method: "GET", path: "/v1/carriers" }),
  },
  {
    name: "country upload",
    write: true,
    roles: [],
    request: () => ({
      method: "PUT",
      path: "/v1/countries/QZ",
      yaml: countrySource({ code: "QZ", callingCode: "969" }),
    }),
  },
  {
    name: "country versions",
    write: false,
    roles: [],
    request: () => ({ method: "GET", path: "/v1/countries/SE/versions" }),
  },
  {
    name: "countries",
    write: false,
    roles: own,
    global: true,
    request: () => ({ method: "GET", path: "/v1/countries" }),
  },
  {
    name: "events ingest",
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
    write: false,
    roles: [],
    request: () => ({ method: "GET", path: "/v1/reports/carriers" }),
  },
  ...marketplace,
];

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
      return;
    }
    expect(res.status, JSON.stringify(res.json)).toBe(what.denied ?? 403);
    expect(Object.keys(res.json)).toEqual(["error"]);
    expect(JSON.stringify(res.json)).not.toContain(fixtures.other.subscriber);
    expect(JSON.stringify(res.json)).not.toContain(fixtures.other.opening);
    if (what.write) expect(await auditCount()).toBe(before);
  });
});
