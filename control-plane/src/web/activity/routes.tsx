// @jsxRuntime automatic @jsxImportSource hono/jsx
/**
 * Activity: the audit log (`GET /v1/audit`), newest first, a page at a time. Everyone sees who
 * changed what in their own tenant; operators see every tenant, or one.
 */
import { Hono } from "hono";
import { apiClient, ok } from "../api.ts";
import { renderPage } from "../layout/page.tsx";
import { Empty, ErrorNotice, PageHeader, Time } from "../layout/parts.tsx";
import { isSlug } from "../rulesets/routes.tsx";
import type { WebEnv } from "../session/session.ts";

const PAGE = 50;

export const activityRoutes = new Hono<WebEnv>().get("/activity", async (c) => {
  const claims = c.get("session")?.claims;
  const operator = claims?.role === "operator";
  const asked = operator ? c.req.query("tenant")?.trim() || undefined : undefined;
  // A filter that is no tenant id gets said so on the page, not sent to the API.
  const invalid = asked !== undefined && !isSlug(asked);
  const tenant = operator ? (invalid ? undefined : asked) : claims?.tenant;
  const before = Number(c.req.query("before"));
  const { entries, next } = await ok(
    apiClient(c).v1.audit.$get({
      query: {
        ...(tenant ? { tenant } : {}),
        ...(before > 0 ? { before: String(before) } : {}),
        limit: String(PAGE),
      },
    }),
  );
  const scope = operator ? (tenant ? `tenant ${tenant}` : "every tenant") : `tenant ${tenant}`;
  const more = new URLSearchParams({ ...(operator && tenant ? { tenant } : {}) });
  if (next !== null) more.set("before", String(next));
  return renderPage(
    c,
    { title: "Activity", nav: "/app/activity" },
    <>
      <PageHeader title="Activity" lead={`Who changed what in ${scope}, newest first.`} />
      <ErrorNotice
        message={invalid ? `"${asked}" is not a tenant id; showing every tenant.` : undefined}
      />
      {operator && (
        <form method="get" action="/app/activity" class="card range-form">
          <div class="field inline-field">
            <label for="activity-tenant">Tenant</label>
            <input id="activity-tenant" name="tenant" value={asked ?? ""} placeholder="all" />
          </div>
          <button type="submit" class="button secondary small">
            Show
          </button>
        </form>
      )}
      <section class="card" aria-labelledby="activity-title">
        <h2 id="activity-title">{before > 0 ? "Older changes" : "Latest changes"}</h2>
        {entries.length === 0 ? (
          <Empty>Nothing has changed here yet.</Empty>
        ) : (
          <table class="data">
            <caption class="visually-hidden">Audit log</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">What</th>
                <th scope="col">On</th>
                {operator && <th scope="col">Tenant</th>}
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr>
                  <td>
                    <Time iso={entry.at} />
                  </td>
                  <td>
                    {entry.actor}
                    <small class="muted">{` ${entry.role}`}</small>
                  </td>
                  <th scope="row">
                    <code>{entry.action}</code>
                  </th>
                  <td>
                    <code>{entry.target}</code>
                  </td>
                  {operator && <td>{entry.tenant ?? <span class="muted">platform</span>}</td>}
                  <td>
                    <code>{detailsOf(entry.details)}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {next !== null && (
          <p>
            <a href={`/app/activity?${more}`}>Older changes</a>
          </p>
        )}
      </section>
    </>,
  );
});

/** `key: value` pairs on one line; long values are cut (the API has them whole). */
function detailsOf(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => {
      const text = typeof value === "string" ? value : JSON.stringify(value);
      return `${key}: ${text.length > 80 ? `${text.slice(0, 77)}…` : text}`;
    })
    .join(", ");
}
