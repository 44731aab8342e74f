import { createRoute, z } from "@hono/zod-openapi";
import { and, asc, between, eq, ne, sql } from "drizzle-orm";
import type { Claims } from "../../auth/index.ts";
import type { Database } from "../../db/open.ts";
import { marketStatsDaily, openings } from "../../db/schema.ts";
import { ErrorBody, errorResponses, json } from "../../error.ts";
import { Range, reportWindow } from "../../reports/routes.ts";
import { createRouter } from "../../router.ts";
import { countrySettings } from "../country.ts";
import { ProviderParams } from "../fields.ts";
import { localTime } from "../local-time.ts";
import { providerFor } from "../providers/store.ts";

const Metrics = {
  impressions: z.number().int().openapi({ description: "times listed in search results" }),
  clicks: z.number().int().openapi({ description: "first clicks of listed results" }),
  ctr: z.number().openapi({ description: "clicks / impressions (0 without impressions)" }),
  requests: z.number().int().openapi({ description: "requests sent to the provider" }),
  revenueMinor: z.number().int().openapi({ description: "sum of the requests' values" }),
  spendMinor: z.number().int().openapi({ description: "charged for clicks" }),
  averagePosition: z
    .number()
    .nullable()
    .openapi({ description: "mean 1-based position when listed; null without impressions" }),
};

const OpeningRow = z
  .object({ day: z.string(), opening: z.string(), title: z.string(), ...Metrics })
  .openapi("OpeningReportRow");
const CampaignRow = z
  .object({ day: z.string(), campaign: z.string(), opening: z.string(), ...Metrics })
  .openapi("CampaignReportRow");
const Totals = z.object(Metrics).openapi("MarketReportTotals");

const Report = <T extends z.ZodTypeAny>(row: T) =>
  z.object({
    provider: z.string(),
    currency: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    rows: z.array(row),
    totals: Totals,
  });

const t = marketStatsDaily;
const sums = {
  impressions: sql<number>`sum(${t.impressions})::int`,
  positionSum: sql<string>`sum(${t.positionSum})`,
  clicks: sql<number>`sum(${t.clicks})::int`,
  requests: sql<number>`sum(${t.requests})::int`,
  revenueMinor: sql<string>`sum(${t.revenueMinor})`,
  spendMinor: sql<string>`sum(${t.spendMinor})`,
};

type Sums = { [K in keyof typeof sums]: number | string };

function metrics(s: Sums) {
  const impressions = Number(s.impressions);
  const clicks = Number(s.clicks);
  return {
    impressions,
    clicks,
    ctr: impressions > 0 ? Math.round((clicks / impressions) * 10_000) / 10_000 : 0,
    requests: Number(s.requests),
    revenueMinor: Number(s.revenueMinor),
    spendMinor: Number(s.spendMinor),
    averagePosition:
      impressions > 0 ? Math.round((Number(s.positionSum) / impressions) * 100) / 100 : null,
  };
}

function total(rows: Sums[]) {
  const sum = (k: keyof Sums) => rows.reduce((n, r) => n + Number(r[k]), 0);
  return metrics({
    impressions: sum("impressions"),
    positionSum: sum("positionSum"),
    clicks: sum("clicks"),
    requests: sum("requests"),
    revenueMinor: sum("revenueMinor"),
    spendMinor: sum("spendMinor"),
  });
}

/**
 * What each opening and campaign brought, per local day of the provider's country. Read from
 * the daily counts the event ingestion keeps (exact under redelivery).
 */
export function marketReportRoutes(deps: { db: Database }) {
  const { db } = deps;
  const security = [{ bearer: [] }];
  const responses = {
    ...errorResponses,
    404: { description: "No such provider", content: json(ErrorBody) },
  };

  /** The provider and the days asked for (local days of its country, today by default). */
  async function scope(claims: Claims, id: string, query: { from?: string; to?: string }) {
    const provider = await providerFor(db, claims, id);
    const country = await countrySettings(db, provider.country);
    const today = localTime(new Date(), country?.timezone ?? "UTC").day;
    return { provider, currency: country?.currency ?? null, ...reportWindow(query, today) };
  }

  /** The answer: each row's keys with its metrics, and the totals. */
  function answer<R extends Sums, K>(
    report: Awaited<ReturnType<typeof scope>>,
    rows: R[],
    keys: (row: R) => K,
  ) {
    const { provider, currency, from, to } = report;
    const list = rows.map((r) => ({ ...keys(r), ...metrics(r) }));
    return { provider: provider.id, currency, from, to, rows: list, totals: total(rows) };
  }

  return createRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/v1/providers/{provider}/reports/openings",
        summary:
          "Per opening per day: impressions, clicks, CTR, requests, revenue, spend, position",
        security,
        request: {
          params: ProviderParams,
          query: Range.extend({
            opening: z.string().optional().openapi({ description: "only this opening" }),
          }),
        },
        responses: {
          200: { description: "Rows by day, then opening", content: json(Report(OpeningRow)) },
          ...responses,
        },
      }),
      async (c) => {
        const query = c.req.valid("query");
        const report = await scope(c.get("claims"), c.req.valid("param").provider, query);
        const { provider, from, to } = report;
        const rows = await db
          .select({ day: t.day, opening: t.opening, title: openings.title, ...sums })
          .from(t)
          .leftJoin(openings, eq(openings.id, t.opening))
          .where(
            and(
              eq(t.provider, provider.id),
              between(t.day, from, to),
              query.opening ? eq(t.opening, query.opening) : undefined,
            ),
          )
          .groupBy(t.day, t.opening, openings.title)
          .orderBy(asc(t.day), asc(t.opening));
        const keys = (r: (typeof rows)[number]) => ({
          day: r.day,
          opening: r.opening,
          title: r.title ?? "",
        });
        return c.json(answer(report, rows, keys), 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/v1/providers/{provider}/reports/campaigns",
        summary:
          "Per campaign per day: its sponsored impressions, clicks, requests, revenue, spend",
        security,
        request: {
          params: ProviderParams,
          query: Range.extend({
            campaign: z.string().optional().openapi({ description: "only this campaign" }),
          }),
        },
        responses: {
          200: { description: "Rows by day, then campaign", content: json(Report(CampaignRow)) },
          ...responses,
        },
      }),
      async (c) => {
        const query = c.req.valid("query");
        const report = await scope(c.get("claims"), c.req.valid("param").provider, query);
        const { provider, from, to } = report;
        const rows = await db
          .select({ day: t.day, campaign: t.campaign, opening: t.opening, ...sums })
          .from(t)
          .where(
            and(
              eq(t.provider, provider.id),
              between(t.day, from, to),
              query.campaign ? eq(t.campaign, query.campaign) : ne(t.campaign, ""),
            ),
          )
          .groupBy(t.day, t.campaign, t.opening)
          .orderBy(asc(t.day), asc(t.campaign));
        const keys = (r: (typeof rows)[number]) => ({
          day: r.day,
          campaign: r.campaign,
          opening: r.opening,
        });
        return c.json(answer(report, rows, keys), 200);
      },
    );
}
