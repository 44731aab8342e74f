// @jsxRuntime automatic @jsxImportSource hono/jsx
/** The operator's pages: overview with edge health, tenants, users, carriers, countries. */
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { apiClient, ok } from "../api.ts";
import { renderPage } from "../layout/page.tsx";
import { PageHeader } from "../layout/parts.tsx";
import { DiffPage } from "../rulesets/pages.tsx";
import { rolloutHandler } from "../rulesets/rollout.tsx";
import { countryTarget } from "../rulesets/target.ts";
import type { WebEnv } from "../session/session.ts";
import { BarChart, daysBetween, seriesBy } from "../stats/chart.tsx";
import { rangeOf } from "../stats/range.tsx";
import { carriersPage, setCarrierSecret } from "./carriers.tsx";
import { countriesPage, countryPage, uploadCountry } from "./countries.tsx";
import { EdgeHealthCard, edgeHealth } from "./edge.tsx";
import { saveTenant, tenantsPage } from "./tenants.tsx";
import { addUser, usersPage } from "./users.tsx";

const countryPath = "/countries/:code{[A-Za-z]{2}}";

/**
 * These pages are the operator's even where the API behind them is readable by everyone (country
 * versions are global): a PBX admin who types the address gets "Not allowed", not a half-working
 * page whose buttons the API would then refuse.
 */
const operatorOnly = createMiddleware<WebEnv>(async function operatorOnly(c, next) {
  if (c.get("session")?.claims.role === "operator") return next();
  return renderPage(
    c,
    { title: "Not allowed", status: 403 },
    <PageHeader title="Not allowed" lead="Only the platform's operators see this page." />,
  );
});

export function operatorRoutes(options: { edgeUrl?: string }) {
  return new Hono<WebEnv>()
    .use("/operator", operatorOnly)
    .use("/tenants", operatorOnly)
    .use("/carriers", operatorOnly)
    .use("/users", operatorOnly)
    .use("/countries", operatorOnly)
    .use("/countries/*", operatorOnly)
    .get("/operator", async (c) => {
      const api = apiClient(c).v1;
      const range = rangeOf({});
      const [health, tenants, carriers, countries, report] = await Promise.all([
        options.edgeUrl ? edgeHealth(options.edgeUrl) : undefined,
        ok(api.tenants.$get()),
        ok(api.carriers.$get()),
        ok(api.countries.$get()),
        ok(api.reports.carriers.$get({ query: range })),
      ]);
      const days = daysBetween(range.from, range.to);
      const perCarrier = seriesBy(
        report.rows,
        days,
        (r) => r.carrier,
        (r) => r.calls,
      );
      const fallbacks = report.rows.reduce((sum, r) => sum + r.fallbacks, 0);
      return renderPage(
        c,
        { title: "Overview", nav: "/app/operator" },
        <>
          <PageHeader title="Platform overview" lead="The edge, and who is on the platform." />
          <div class="grid two">
            <EdgeHealthCard health={health} />
            <section class="card" aria-labelledby="counts-title">
              <h2 id="counts-title">On the platform</h2>
              <dl class="stats">
                <div>
                  <dt>
                    <a href="/app/tenants">Tenants</a>
                  </dt>
                  <dd>{String(tenants.tenants.filter((t) => !t.id.startsWith("_")).length)}</dd>
                </div>
                <div>
                  <dt>
                    <a href="/app/carriers">Carriers</a>
                  </dt>
                  <dd>{String(carriers.carriers.length)}</dd>
                </div>
                <div>
                  <dt>
                    <a href="/app/countries">Countries enabled</a>
                  </dt>
                  <dd>{String(countries.countries.length)}</dd>
                </div>
                <div>
                  <dt>Fallback answers, 14 days</dt>
                  <dd>{String(fallbacks)}</dd>
                </div>
              </dl>
            </section>
          </div>
          <section class="card">
            <BarChart
              id="carrier-calls"
              title="Calls per day, by carrier"
              days={days}
              series={
                perCarrier.length ? perCarrier : [{ name: "calls", values: days.map(() => 0) }]
              }
              unit="calls"
            />
          </section>
        </>,
      );
    })
    .get("/tenants", (c) => tenantsPage(c))
    .post("/tenants", (c) => saveTenant(c))
    .get("/users", (c) => usersPage(c))
    .post("/users", (c) => addUser(c))
    .get("/carriers", (c) => carriersPage(c))
    .post("/carriers", (c) => setCarrierSecret(c))
    .get("/countries", (c) => countriesPage(c))
    .post("/countries", (c) => uploadCountry(c))
    .get(countryPath, (c) => countryPage(c, c.req.param("code").toUpperCase()))
    .post(`${countryPath}/rollout`, (c) =>
      rolloutHandler(c, countryTarget(c, c.req.param("code").toUpperCase()), { kind: "Country" }),
    )
    .get(`${countryPath}/diff`, async (c) => {
      const target = countryTarget(c, c.req.param("code").toUpperCase());
      const from = Number(c.req.query("from"));
      const to = Number(c.req.query("to"));
      if (!(from > 0 && to > 0)) return c.redirect(target.base, 303);
      const [{ diff }, versions] = await Promise.all([target.diff(from, to), target.versions()]);
      return renderPage(
        c,
        { title: `${target.title} v${from} → v${to}`, nav: "/app/countries" },
        <DiffPage target={target} from={from} to={to} diff={diff} versions={versions} />,
      );
    });
}
