// @jsxRuntime automatic @jsxImportSource hono/jsx
/** A tenant's page and its rule sets (PBX admins of the tenant, and operators). */
import { Hono } from "hono";
import { ApiFailure, apiClient, ok } from "../api.ts";
import { redirectWith } from "../layout/flash.ts";
import { renderPage } from "../layout/page.tsx";
import { Empty, PageHeader } from "../layout/parts.tsx";
import type { WebEnv } from "../session/session.ts";
import { flowOf } from "./check.ts";
import { checkJson, editPage, editSubmit } from "./edit.tsx";
import { DiffPage, NewRulesetForm, RulesetPage, RulesetTable, VersionPage } from "./pages.tsx";
import { rolloutHandler } from "./rollout.tsx";
import { tenantRuleset } from "./target.ts";

/** Tenant and rule set ids are slugs (as the API insists); anything else is not a page. */
export const slug = "[a-z0-9][a-z0-9_-]{0,62}";
const wholeSlug = new RegExp(`^${slug}$`);

/** Whether `text` is a tenant, rule set or carrier id as the API takes one. */
export function isSlug(text: string): boolean {
  return wholeSlug.test(text);
}
const tenantPath = `/tenants/:tenant{${slug}}`;
const rulesetPath = `${tenantPath}/rulesets/:name{${slug}}`;

export const rulesetRoutes = new Hono<WebEnv>()
  .get(tenantPath, async (c) => {
    const tenant = c.req.param("tenant");
    const api = apiClient(c).v1;
    const info = await ok(api.tenants[":tenant"].$get({ param: { tenant } }));
    const claims = c.get("session")?.claims;
    // A provider's tenant page is its marketplace page; rule sets are the PBX side's.
    if (claims?.role === "provider") return c.redirect(`/app/providers/${tenant}`, 303);
    const [rulesets, numbers] = await Promise.all([
      ok(api.rulesets[":tenant"].$get({ param: { tenant } })),
      ok(api.tenants[":tenant"].numbers.$get({ param: { tenant } })),
    ]);
    return renderPage(
      c,
      { title: info.name ?? tenant, nav: `/app/tenants/${tenant}` },
      <>
        <PageHeader
          title={info.name ?? tenant}
          crumbs={
            claims?.role === "operator" ? [{ href: "/app/tenants", label: "Tenants" }] : undefined
          }
          lead={`Tenant ${tenant}`}
          actions={
            <a class="button secondary" href={`/app/tenants/${tenant}/stats`}>
              Call statistics
            </a>
          }
        />
        <section class="card" aria-labelledby="rulesets-title">
          <h2 id="rulesets-title">Rule sets</h2>
          <RulesetTable tenant={tenant} rulesets={rulesets.rulesets} />
        </section>
        <div class="grid two">
          <NewRulesetForm tenant={tenant} />
          <section class="card" aria-labelledby="numbers-title">
            <h2 id="numbers-title">Numbers routed now</h2>
            {numbers.numbers.length > 0 ? (
              <table class="data compact">
                <caption class="visually-hidden">
                  Numbers and the rule set that answers each
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Number</th>
                    <th scope="col">Rule set</th>
                  </tr>
                </thead>
                <tbody>
                  {numbers.numbers.map((n) => (
                    <tr>
                      <td>
                        <code>{n.e164}</code>
                      </td>
                      <td>
                        <a href={`/app/tenants/${tenant}/rulesets/${n.ruleset}`}>{n.ruleset}</a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <Empty>No published rule set routes a number yet.</Empty>
            )}
          </section>
        </div>
      </>,
    );
  })
  .post(`${tenantPath}/rulesets`, async (c) => {
    const tenant = c.req.param("tenant");
    const name = String((await c.req.parseBody()).name ?? "").trim();
    if (!isSlug(name)) {
      return redirectWith(c, `/app/tenants/${tenant}`, {
        kind: "error",
        text: `"${name}" is not a rule set name: use 1-63 lower-case letters, digits, "-" or "_".`,
      });
    }
    return c.redirect(`/app/tenants/${tenant}/rulesets/${name}/edit`, 303);
  })
  .get(rulesetPath, async (c) => {
    const { tenant, name } = c.req.param();
    const target = tenantRuleset(c, tenant, name);
    const list = await ok(apiClient(c).v1.rulesets[":tenant"].$get({ param: { tenant } }));
    const summary = list.rulesets.find((r) => r.name === name);
    if (!summary)
      throw new ApiFailure(404, "not_found", `rule set ${tenant}/${name} does not exist`);
    const versions = await target.versions();
    const shownVersion = summary.active ?? summary.newest;
    const detail = shownVersion === null ? undefined : await target.version(shownVersion);
    const shown = detail && {
      version: detail.version,
      numbers: detail.numbers,
      flow: detail.kind === "Pbx" ? flowOf(detail.source, name) : undefined,
    };
    return renderPage(
      c,
      { title: target.title, nav: `/app/tenants/${tenant}` },
      <RulesetPage target={target} summary={summary} versions={versions} shown={shown} />,
    );
  })
  .get(`${rulesetPath}/edit`, (c) => {
    const { tenant, name } = c.req.param();
    return editPage(c, tenantRuleset(c, tenant, name), tenant, name);
  })
  .post(`${rulesetPath}/edit`, (c) => {
    const { tenant, name } = c.req.param();
    return editSubmit(c, tenantRuleset(c, tenant, name), tenant, name);
  })
  .post(`${rulesetPath}/check`, (c) => {
    const { tenant, name } = c.req.param();
    return checkJson(c, tenant, name);
  })
  .get(`${rulesetPath}/versions/:version{[0-9]+}`, async (c) => {
    const { tenant, name, version } = c.req.param();
    const target = tenantRuleset(c, tenant, name);
    const [detail, versions] = await Promise.all([
      target.version(Number(version)),
      target.versions(),
    ]);
    const flow = detail.kind === "Pbx" ? flowOf(detail.source, name) : undefined;
    return renderPage(
      c,
      { title: `${target.title} v${version}`, nav: `/app/tenants/${tenant}` },
      <VersionPage target={target} detail={detail} versions={versions} flow={flow} />,
    );
  })
  .get(`${rulesetPath}/diff`, async (c) => {
    const { tenant, name } = c.req.param();
    const target = tenantRuleset(c, tenant, name);
    const from = Number(c.req.query("from"));
    const to = Number(c.req.query("to"));
    if (!(from > 0 && to > 0)) return c.redirect(target.base, 303);
    const [{ diff }, versions] = await Promise.all([target.diff(from, to), target.versions()]);
    return renderPage(
      c,
      { title: `${target.title} v${from} → v${to}`, nav: `/app/tenants/${tenant}` },
      <DiffPage target={target} from={from} to={to} diff={diff} versions={versions} />,
    );
  })
  .post(`${rulesetPath}/rollout`, async (c) => {
    const { tenant, name } = c.req.param();
    const target = tenantRuleset(c, tenant, name);
    const version = Number((await c.req.parseBody()).version);
    const detail = version > 0 ? await target.version(version).catch(() => undefined) : undefined;
    return rolloutHandler(c, target, { kind: detail?.kind ?? "Pbx", numbers: detail?.numbers });
  });
