// @jsxRuntime automatic @jsxImportSource hono/jsx
/** A provider's home: what its listings and campaigns brought, its openings and campaigns. */
import type { Context } from "hono";
import { localTime } from "../../marketplace/local-time.ts";
import { ApiFailure, apiClient, ok, refused } from "../api.ts";
import { redirectWith } from "../layout/flash.ts";
import { renderPage } from "../layout/page.tsx";
import { Badge, Empty, ErrorNotice, PageHeader } from "../layout/parts.tsx";
import type { WebEnv } from "../session/session.ts";
import { RangeForm, rangeOf } from "../stats/range.tsx";
import { MarketCharts } from "./charts.tsx";
import { Field, type FieldErrors, fieldErrors, Input } from "./form.tsx";
import { formatMoney } from "./money.ts";
import { SearchBadge, StatusBadge } from "./openings.tsx";

export async function overviewPage(c: Context<WebEnv>, provider: string) {
  const api = apiClient(c).v1.providers[":provider"];
  const profile = await ok(api.$get({ param: { provider } })).catch((failure) => {
    if (failure instanceof ApiFailure && failure.status === 404) return undefined;
    throw failure;
  });
  if (!profile) return setupPage(c, provider);
  // The report counts the days of the provider's country: end on its today there.
  const range = rangeOf(c.req.query(), localTime(new Date(), profile.timezone ?? "UTC").day);
  const [openings, campaigns, report] = await Promise.all([
    ok(api.openings.$get({ param: { provider }, query: {} })),
    ok(api.campaigns.$get({ param: { provider } })),
    ok(api.reports.openings.$get({ param: { provider }, query: range })),
  ]);
  const base = `/app/providers/${provider}`;
  const titles = new Map(openings.openings.map((o) => [o.id, o.title]));
  const money = (minor: number) => formatMoney(minor, profile.currency);
  const t = report.totals;
  return renderPage(
    c,
    { title: profile.name, nav: base },
    <>
      <PageHeader
        title={profile.name}
        lead={`Marketplace provider in ${profile.country}${profile.currency ? ` · prices in ${profile.currency}` : ""}${profile.enabled ? "" : " · disabled by an operator: nothing is in search"}`}
        actions={
          <>
            <a class="button secondary" href={`${base}/openings/new`}>
              New opening
            </a>
            <a class="button primary" href={`${base}/campaigns/new`}>
              Fund a campaign
            </a>
          </>
        }
      />
      <section class="card" aria-labelledby="results-title">
        <div class="section-head">
          <h2 id="results-title">Results</h2>
          <RangeForm action={base} range={range} />
        </div>
        <dl class="stats four">
          <div>
            <dt>Impressions</dt>
            <dd>{String(t.impressions)}</dd>
          </div>
          <div>
            <dt>Clicks · CTR</dt>
            <dd>
              {String(t.clicks)} <small>{(t.ctr * 100).toFixed(1)} %</small>
            </dd>
          </div>
          <div>
            <dt>Requests · revenue</dt>
            <dd>
              {String(t.requests)} <small>{money(t.revenueMinor)}</small>
            </dd>
          </div>
          <div>
            <dt>Spend</dt>
            <dd>{money(t.spendMinor)}</dd>
          </div>
        </dl>
        <MarketCharts rows={report.rows} range={report} currency={report.currency} />
      </section>
      <section class="card" aria-labelledby="openings-title">
        <h2 id="openings-title">Openings</h2>
        {openings.openings.length === 0 ? (
          <Empty>No openings yet: create one, then publish it into search.</Empty>
        ) : (
          <table class="data">
            <caption class="visually-hidden">Openings</caption>
            <thead>
              <tr>
                <th scope="col">Opening</th>
                <th scope="col">Category</th>
                <th scope="col">Price from</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {openings.openings.map((o) => (
                <tr>
                  <th scope="row">
                    <a href={`${base}/openings/${o.id}`}>{o.title}</a>
                  </th>
                  <td>{o.category}</td>
                  <td>{money(o.priceMinor)}</td>
                  <td>
                    <StatusBadge status={o.status} /> <SearchBadge search={o.search} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="card" aria-labelledby="campaigns-title">
        <h2 id="campaigns-title">Campaigns</h2>
        {campaigns.campaigns.length === 0 ? (
          <Empty>No campaigns yet: fund one to bid for sponsored places in search.</Empty>
        ) : (
          <table class="data">
            <caption class="visually-hidden">Campaigns</caption>
            <thead>
              <tr>
                <th scope="col">Campaign</th>
                <th scope="col">Opening</th>
                <th scope="col">Bid</th>
                <th scope="col">Spent of budget</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.campaigns.map((k) => (
                <tr>
                  <th scope="row">
                    <a href={`${base}/campaigns/${k.id}`}>{k.name ?? k.id}</a>
                  </th>
                  <td>{titles.get(k.opening) ?? k.opening}</td>
                  <td>{money(k.maxCpcMinor)}</td>
                  <td>
                    {money(k.spentMinor)} of {money(k.totalBudgetMinor)}
                  </td>
                  <td>
                    <Badge
                      kind={
                        k.status === "active"
                          ? "active"
                          : k.status === "paused"
                            ? "canary"
                            : "danger"
                      }
                    >
                      {k.status}
                    </Badge>{" "}
                    {k.delivery !== k.status && (
                      <span class="muted">{k.delivery.replaceAll("_", " ")}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>,
  );
}

async function setupPage(
  c: Context<WebEnv>,
  provider: string,
  form: { name?: string; country?: string; errors?: FieldErrors; error?: string } = {},
) {
  const { countries } = await ok(apiClient(c).v1.countries.$get());
  return renderPage(
    c,
    {
      title: "Set up your provider profile",
      nav: `/app/providers/${provider}`,
      status: form.error ? 422 : 200,
    },
    <>
      <PageHeader
        title="Set up your provider profile"
        lead="Your name as customers see it, and the country you sell in (it sets your currency and your days)."
      />
      <form method="post" action={`/app/providers/${provider}`} class="card stack narrow">
        <ErrorNotice message={form.error} />
        <Input name="name" label="Name" value={form.name} errors={form.errors} required />
        <Field name="country" label="Country" errors={form.errors}>
          {(describedBy) => (
            <select id="country" name="country" required aria-describedby={describedBy}>
              {countries.map((k) => (
                <option value={k.code} selected={form.country === k.code}>
                  {k.code} (+{k.callingCode})
                </option>
              ))}
            </select>
          )}
        </Field>
        {countries.length === 0 && (
          <p class="notice info">No country is enabled yet; an operator must enable yours first.</p>
        )}
        <button type="submit" class="button primary">
          Save profile
        </button>
      </form>
    </>,
  );
}

export async function saveProfile(c: Context<WebEnv>, provider: string) {
  const form = await c.req.parseBody();
  const name = String(form.name ?? "").trim();
  const country = String(form.country ?? "");
  try {
    await ok(
      apiClient(c).v1.providers[":provider"].$put({ param: { provider }, json: { name, country } }),
    );
    return redirectWith(c, `/app/providers/${provider}`, {
      kind: "success",
      text: "Profile saved.",
    });
  } catch (error) {
    const failure = refused(error, 409, 422);
    return setupPage(c, provider, {
      name,
      country,
      errors: fieldErrors(failure.issues),
      error: failure.message,
    });
  }
}
