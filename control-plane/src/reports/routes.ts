import { createRoute, z } from "@hono/zod-openapi";
import { and, asc, between, eq, inArray, sql } from "drizzle-orm";
import { assertOperator, assertTenantAccess } from "../auth/index.ts";
import type { Database } from "../db/open.ts";
import { carrierStatsDaily, pbxStatsDaily, rulesetVersions } from "../db/schema.ts";
import { ApiError, ErrorBody, errorResponses, json } from "../error.ts";
import { createRouter, Slug } from "../router.ts";
import { findRuleset } from "../rulesets/store.ts";

const isoDate = z.iso.date().openapi({ example: "2026-11-21" });

export const Range = z.strictObject({
  from: isoDate.optional().openapi({ description: "first day (UTC), default: 6 days before `to`" }),
  to: isoDate.optional().openapi({ description: "last day (UTC), inclusive; default: today" }),
});

const Counts = {
  decisions: z.number().int().openapi({ description: "webhook answers" }),
  calls: z.number().int().openapi({ description: "calls started (their `start` decision)" }),
};

const CallRow = z
  .object({ day: z.string(), node: z.string().nullable(), outcome: z.string(), ...Counts })
  .openapi("CallReportRow");

const CarrierRow = z
  .object({
    day: z.string(),
    carrier: z.string(),
    outcome: z.string(),
    ...Counts,
    fallbacks: z.number().int().openapi({ description: "answers with meta.fallback" }),
  })
  .openapi("CarrierReportRow");

/** Sums over a tenant's numbers (`day` is a date column: no time zone arithmetic). */
const sums = {
  decisions: sql<number>`sum(${pbxStatsDaily.decisions})::int`,
  calls: sql<number>`sum(${pbxStatsDaily.calls})::int`,
};

/**
 * `from`…`to` as days, inclusive; `to` defaults to `today` (the UTC date unless given), `from`
 * to 6 days before; at most 366 days.
 */
export function reportWindow(
  query: { from?: string; to?: string },
  today = new Date().toISOString().slice(0, 10),
): { from: string; to: string } {
  const to = query.to ?? today;
  const from = query.from ?? new Date(Date.parse(to) - 6 * 86_400_000).toISOString().slice(0, 10);
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
  if (days < 1) throw new ApiError(422, "invalid_request", `from (${from}) is after to (${to})`);
  if (days > 366) throw new ApiError(422, "invalid_request", "ask for at most 366 days at a time");
  return { from, to };
}

/**
 * Every number any version of the tenant's Pbx rule set `name` routes: a PBX's calls are those
 * to its numbers (a number it gave up still counts for the days it had it).
 */
async function pbxNumbers(db: Database, tenant: string, name: string): Promise<string[]> {
  const ruleset = await findRuleset(db, { tenant, name });
  if (ruleset?.kind !== "Pbx") {
    throw new ApiError(404, "not_found", `tenant ${tenant} has no Pbx rule set named ${name}`);
  }
  const rows = await db
    .selectDistinct({ did: sql<string>`jsonb_array_elements_text(${rulesetVersions.numbers})` })
    .from(rulesetVersions)
    .where(eq(rulesetVersions.rulesetId, ruleset.id));
  return rows.map((r) => r.did);
}

export function reportRoutes(deps: { db: Database }) {
  const security = [{ bearer: [] }];
  return createRouter()
    .openapi(
      createRoute({
        method: "get",
        path: "/v1/reports/calls",
        summary: "A tenant's (or one PBX's) calls per day by node and outcome (UTC days)",
        security,
        request: {
          query: Range.extend({
            tenant: Slug,
            pbx: Slug.optional().openapi({
              description: "only the numbers of this Pbx rule set of the tenant (any version's)",
            }),
            did: z.string().optional().openapi({ description: "only this number of the tenant" }),
          }),
        },
        responses: {
          200: {
            description: "Rows ordered by day, node, outcome",
            content: json(
              z.object({
                tenant: z.string(),
                from: z.string(),
                to: z.string(),
                rows: z.array(CallRow),
              }),
            ),
          },
          ...errorResponses,
          404: { description: "No such Pbx rule set of the tenant", content: json(ErrorBody) },
        },
      }),
      async (c) => {
        const query = c.req.valid("query");
        assertTenantAccess(c.get("claims"), query.tenant);
        const { from, to } = reportWindow(query);
        const numbers = query.pbx ? await pbxNumbers(deps.db, query.tenant, query.pbx) : null;
        const t = pbxStatsDaily;
        const node = sql<string | null>`nullif(${t.node}, '')`;
        const rows = await deps.db
          .select({ day: t.day, node, outcome: t.outcome, ...sums })
          .from(t)
          .where(
            and(
              eq(t.tenant, query.tenant),
              between(t.day, from, to),
              query.did ? eq(t.did, query.did) : undefined,
              numbers ? inArray(t.did, numbers) : undefined,
            ),
          )
          .groupBy(t.day, t.node, t.outcome)
          .orderBy(asc(t.day), asc(t.node), asc(t.outcome));
        return c.json({ tenant: query.tenant, from, to, rows }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/v1/reports/carriers",
        summary: "Calls per carrier per day by outcome (operator only)",
        security,
        request: { query: Range.extend({ carrier: Slug.optional() }) },
        responses: {
          200: {
            description: "Rows ordered by day, carrier, outcome",
            content: json(
              z.object({ from: z.string(), to: z.string(), rows: z.array(CarrierRow) }),
            ),
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        assertOperator(c.get("claims"));
        const query = c.req.valid("query");
        const { from, to } = reportWindow(query);
        const t = carrierStatsDaily;
        const rows = await deps.db
          .select({
            day: t.day,
            carrier: t.carrier,
            outcome: t.outcome,
            decisions: t.decisions,
            calls: t.calls,
            fallbacks: t.fallbacks,
          })
          .from(t)
          .where(
            and(between(t.day, from, to), query.carrier ? eq(t.carrier, query.carrier) : undefined),
          )
          .orderBy(asc(t.day), asc(t.carrier), asc(t.outcome));
        return c.json({ from, to, rows }, 200);
      },
    );
}
