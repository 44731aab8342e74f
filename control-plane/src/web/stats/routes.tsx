// @jsxRuntime automatic @jsxImportSource hono/jsx
/** Call statistics of a tenant per day, from the reports API, as charts and tables. */
import { Hono } from "hono";
import { apiClient, ok, refused } from "../api.ts";
import { renderPage } from "../layout/page.tsx";
import { Empty, ErrorNotice, PageHeader } from "../layout/parts.tsx";
import { slug } from "../rulesets/routes.tsx";
import type { WebEnv } from "../session/session.ts";
import { BarChart, daysBetween, seriesBy } from "./chart.tsx";
import { RangeForm, rangeOf } from "./range.tsx";

interface CallRow {
  day: string;
  node: string | null;
  outcome: string;
  decisions: number;
  calls: number;
}

export const statsRoutes = new Hono<WebEnv>().get(`/tenants/:tenant{${slug}}/stats`, async (c) => {
  const tenant = c.req.param("tenant");
  const range = rangeOf(c.req.query());
  let rows: CallRow[] = [];
  let error: string | undefined;
  try {
    const report = await ok(
      apiClient(c).v1.reports.calls.$get({ query: { tenant, from: range.from, to: range.to } }),
    );
    rows = report.rows;
  } catch (caught) {
    error = refused(caught, 422).message;
  }
  const days = error ? [] : daysBetween(range.from, range.to);
  const calls = seriesBy(
    rows,
    days,
    (r) => r.outcome,
    (r) => r.calls,
  );
  const answers = seriesBy(
    rows,
    days,
    () => "answers",
    (r) => r.decisions,
  );
  const nodes = byNode(rows);
  const base = `/app/tenants/${tenant}`;
  return renderPage(
    c,
    { title: `Call statistics · ${tenant}`, nav: `${base}/stats` },
    <>
      <PageHeader
        title="Call statistics"
        crumbs={[{ href: base, label: `Tenant ${tenant}` }]}
        lead="Counted from the edge's decisions, per UTC day."
        actions={<RangeForm action={`${base}/stats`} range={range} />}
      />
      <ErrorNotice message={error} />
      {!error && (
        <div class="grid two">
          <section class="card">
            <BarChart
              id="calls"
              title="Calls per day, by first answer"
              days={days}
              series={calls.length ? calls : [{ name: "calls", values: days.map(() => 0) }]}
              unit="calls"
            />
          </section>
          <section class="card">
            <BarChart
              id="answers"
              title="Webhook answers per day"
              days={days}
              series={answers.length ? answers : [{ name: "answers", values: days.map(() => 0) }]}
              unit="answers"
            />
          </section>
        </div>
      )}
      {!error && (
        <section class="card" aria-labelledby="nodes-title">
          <h2 id="nodes-title">By node</h2>
          {nodes.length === 0 ? (
            <Empty>No calls in this period.</Empty>
          ) : (
            <table class="data compact numeric">
              <caption class="visually-hidden">
                Calls and answers per node, {range.from} to {range.to}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Node</th>
                  <th scope="col">Calls started here</th>
                  <th scope="col">Answers</th>
                </tr>
              </thead>
              <tbody>
                {nodes.map((n) => (
                  <tr>
                    <th scope="row">{n.node ?? <span class="muted">(no node)</span>}</th>
                    <td>{String(n.calls)}</td>
                    <td>{String(n.decisions)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </>,
  );
});

function byNode(rows: readonly CallRow[]) {
  const nodes = new Map<string | null, { node: string | null; calls: number; decisions: number }>();
  for (const row of rows) {
    const entry = nodes.get(row.node) ?? { node: row.node, calls: 0, decisions: 0 };
    entry.calls += row.calls;
    entry.decisions += row.decisions;
    nodes.set(row.node, entry);
  }
  return [...nodes.values()].sort((a, b) => b.decisions - a.decisions);
}
