import { createRoute, z } from "@hono/zod-openapi";
import { SubscriberSettingsSchema } from "@switchboard/rules-compiler";
import { and, asc, eq, gt } from "drizzle-orm";
import { audit } from "../audit/index.ts";
import { assertTenantAccess, type Claims } from "../auth/index.ts";
import type { Database } from "../db/open.ts";
import { subscribers } from "../db/schema.ts";
import { ApiError, ErrorBody, errorResponses, json, reasonOf } from "../error.ts";
import type { EdgePublisher } from "../publisher/index.ts";
import { createRouter, Slug } from "../router.ts";
import { importRows } from "./import.ts";
import { subKey } from "./pointer.ts";
import { CsvHeaderError, csvRows, ndjsonRows, readLines } from "./rows.ts";
import { activePlan, publishShards, type ShardReport } from "./shards.ts";

const TenantParams = z.object({
  tenant: Slug.openapi({ param: { name: "tenant", in: "path" }, example: "nordtel" }),
});
const NumberParams = TenantParams.extend({
  number: z
    .string()
    .regex(/^\+[1-9][0-9]{7,14}$/, "expected an E.164 number: '+' and 8–15 digits")
    .openapi({ param: { name: "number", in: "path" }, example: "+46701234567" }),
});

// The compiler's schema, used as is (it is not registered by name in the OpenAPI document).
const Settings = SubscriberSettingsSchema;
const SettingsBody = SubscriberSettingsSchema.omit({ number: true });

const Shards = z
  .object({
    written: z.number().int(),
    unchanged: z.number().int(),
    errors: z.array(z.object({ shard: z.string(), message: z.string() })),
  })
  .openapi("ShardReport");

const ImportReport = z
  .object({
    rows: z.number().int(),
    imported: z.number().int(),
    failed: z.number().int(),
    errors: z.array(z.object({ row: z.number().int(), message: z.string() })).openapi({
      description: "per refused row: its 1-based line in the body (first 1000)",
    }),
    errorsTruncated: z.boolean(),
    shards: Shards,
  })
  .openapi("ImportReport");

const importTypes = {
  csv: ["text/csv"],
  ndjson: ["application/x-ndjson", "application/jsonl", "application/ndjson"],
};
const streamBody = Object.fromEntries(
  [...importTypes.csv, ...importTypes.ndjson].map((t) => [
    t,
    { schema: { type: "string" as const } },
  ]),
);

const publishFailed = {
  502: { description: "Stored, but the edge write failed", content: json(ErrorBody) },
};
const noPlan = {
  409: { description: "The tenant has no published MobilePlan", content: json(ErrorBody) },
};

export function subscriberRoutes(deps: { db: Database; publisher: EdgePublisher }) {
  const { db } = deps;
  const security = [{ bearer: [] }];
  const base = "/v1/tenants/{tenant}/subscribers";

  async function requirePlan(claims: Claims, tenant: string) {
    assertTenantAccess(claims, tenant);
    const plan = await activePlan(db, tenant);
    if (!plan) {
      throw new ApiError(
        409,
        "no_mobile_plan",
        `tenant ${tenant} has no published MobilePlan; publish one first`,
      );
    }
    return plan;
  }

  async function publishOrExplain(
    plan: NonNullable<Awaited<ReturnType<typeof activePlan>>>,
    prefixes: Iterable<string>,
    stored: string,
  ): Promise<ShardReport> {
    try {
      return await publishShards(deps, plan, prefixes);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      const reason = reasonOf(error);
      throw new ApiError(
        502,
        "publish_failed",
        `${stored}; writing shards to the edge failed (${reason}); the edge keeps the previous shards: retry with POST /v1/tenants/${plan.tenant}/subscribers:publish`,
      );
    }
  }

  return createRouter()
    .openapi(
      createRoute({
        method: "post",
        path: `${base}:import`,
        summary:
          "Bulk import (upsert) subscribers from CSV or NDJSON, streamed, then publish their shards",
        security,
        request: { params: TenantParams, body: { content: streamBody, required: true } },
        responses: {
          200: { description: "Imported; per-row errors listed", content: json(ImportReport) },
          ...errorResponses,
          ...noPlan,
          415: { description: "Neither CSV nor NDJSON", content: json(ErrorBody) },
          ...publishFailed,
        },
      }),
      async (c) => {
        const { tenant } = c.req.valid("param");
        const claims = c.get("claims");
        const plan = await requirePlan(claims, tenant);
        const type = (c.req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
        const format = importTypes.csv.includes(type)
          ? "csv"
          : importTypes.ndjson.includes(type)
            ? "ndjson"
            : null;
        if (!format) {
          throw new ApiError(
            415,
            "unsupported_media_type",
            `send text/csv or application/x-ndjson, not "${type}"`,
          );
        }
        const body = c.req.raw.body;
        if (!body) throw new ApiError(422, "invalid_request", "the body is empty");
        const lines = readLines(body);
        const touched = new Set<string>();
        let counts: Awaited<ReturnType<typeof importRows>>;
        try {
          counts = await importRows(
            db,
            tenant,
            format === "csv" ? csvRows(lines) : ndjsonRows(lines),
            touched,
          );
        } catch (error) {
          if (error instanceof CsvHeaderError)
            throw new ApiError(422, "invalid_csv_header", error.message);
          throw error;
        }
        const shards = await publishOrExplain(
          plan,
          touched,
          `${counts.imported} of ${counts.rows} rows stored`,
        );
        await audit(db, claims, {
          action: "subscribers.import",
          target: `tenant/${tenant}/subscribers`,
          tenant,
          details: {
            format,
            rows: counts.rows,
            imported: counts.imported,
            failed: counts.failed,
            shards: shards.written,
          },
        });
        return c.json({ ...counts, shards }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: `${base}:publish`,
        summary: "Rebuild and publish every shard of the tenant (after a failed publish)",
        security,
        request: { params: TenantParams },
        responses: {
          200: { description: "Published", content: json(z.object({ shards: Shards })) },
          ...errorResponses,
          ...noPlan,
          ...publishFailed,
        },
      }),
      async (c) => {
        const { tenant } = c.req.valid("param");
        const claims = c.get("claims");
        const plan = await requirePlan(claims, tenant);
        const rows = await db
          .selectDistinct({ prefix: subscribers.prefix })
          .from(subscribers)
          .where(eq(subscribers.tenant, tenant));
        const shards = await publishOrExplain(
          plan,
          rows.map((r) => r.prefix),
          "nothing changed in Postgres",
        );
        await audit(db, claims, {
          action: "subscribers.publish",
          target: `tenant/${tenant}/subscribers`,
          tenant,
          details: { ...shards, errors: shards.errors.length },
        });
        return c.json({ shards }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: base,
        summary: "Subscribers in number order, a page at a time",
        security,
        request: {
          params: TenantParams,
          query: z.strictObject({
            after: z.string().optional().openapi({ description: "the previous page's `next`" }),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          }),
        },
        responses: {
          200: {
            description: "A page",
            content: json(
              z.object({ subscribers: z.array(Settings), next: z.string().nullable() }),
            ),
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const { tenant } = c.req.valid("param");
        assertTenantAccess(c.get("claims"), tenant);
        const { after, limit } = c.req.valid("query");
        const rows = await db
          .select({ number: subscribers.number, settings: subscribers.settings })
          .from(subscribers)
          .where(
            and(eq(subscribers.tenant, tenant), after ? gt(subscribers.number, after) : undefined),
          )
          .orderBy(asc(subscribers.number))
          .limit(limit);
        const next = rows.length === limit ? (rows.at(-1)?.number ?? null) : null;
        return c.json({ subscribers: rows.map((r) => Settings.parse(r.settings)), next }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: `${base}/{number}`,
        summary: "One subscriber's settings",
        security,
        request: { params: NumberParams },
        responses: {
          200: { description: "Settings", content: json(Settings) },
          ...errorResponses,
          404: { description: "Not a subscriber of this tenant", content: json(ErrorBody) },
        },
      }),
      async (c) => {
        const { tenant, number } = c.req.valid("param");
        assertTenantAccess(c.get("claims"), tenant);
        const [row] = await db
          .select({ settings: subscribers.settings })
          .from(subscribers)
          .where(and(eq(subscribers.tenant, tenant), eq(subscribers.number, number)));
        if (!row)
          throw new ApiError(404, "not_found", `${number} is not a subscriber of ${tenant}`);
        return c.json(Settings.parse(row.settings), 200);
      },
    )
    .openapi(
      createRoute({
        method: "put",
        path: `${base}/{number}`,
        summary: "Create or replace one subscriber; republishes only its shard",
        security,
        request: { params: NumberParams, body: { content: json(SettingsBody), required: true } },
        responses: {
          200: {
            description: "Stored and published",
            content: json(z.object({ subscriber: Settings, shard: z.string(), shards: Shards })),
          },
          ...errorResponses,
          ...noPlan,
          ...publishFailed,
        },
      }),
      async (c) => {
        const { tenant, number } = c.req.valid("param");
        const claims = c.get("claims");
        const plan = await requirePlan(claims, tenant);
        const parsed = SubscriberSettingsSchema.safeParse({ ...c.req.valid("json"), number });
        if (!parsed.success)
          throw new ApiError(422, "invalid_request", z.prettifyError(parsed.error));
        const rows = (async function* () {
          yield { line: 1, value: parsed.data };
        })();
        const touched = new Set<string>();
        const counts = await importRows(db, tenant, rows, touched);
        if (counts.failed > 0)
          throw new ApiError(409, "number_taken", counts.errors[0]?.message ?? "refused");
        const shards = await publishOrExplain(plan, touched, `${number} stored`);
        await audit(db, claims, {
          action: "subscriber.put",
          target: `subscriber/${number}`,
          tenant,
        });
        return c.json({ subscriber: parsed.data, shard: subKey(number.slice(0, -2)), shards }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "delete",
        path: `${base}/{number}`,
        summary: "Remove one subscriber; republishes only its shard",
        security,
        request: { params: NumberParams },
        responses: {
          200: {
            description: "Removed",
            content: json(z.object({ shard: z.string(), shards: Shards })),
          },
          ...errorResponses,
          404: { description: "Not a subscriber of this tenant", content: json(ErrorBody) },
          ...noPlan,
          ...publishFailed,
        },
      }),
      async (c) => {
        const { tenant, number } = c.req.valid("param");
        const claims = c.get("claims");
        const plan = await requirePlan(claims, tenant);
        const removed = await db
          .delete(subscribers)
          .where(and(eq(subscribers.tenant, tenant), eq(subscribers.number, number)))
          .returning({ prefix: subscribers.prefix });
        const prefix = removed[0]?.prefix;
        if (!prefix)
          throw new ApiError(404, "not_found", `${number} is not a subscriber of ${tenant}`);
        const shards = await publishOrExplain(plan, [prefix], `${number} removed`);
        await audit(db, claims, {
          action: "subscriber.delete",
          target: `subscriber/${number}`,
          tenant,
        });
        return c.json({ shard: subKey(prefix), shards }, 200);
      },
    );
}
