import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq, lt } from "drizzle-orm";
import { scopeTenant } from "../auth/index.ts";
import type { Database } from "../db/open.ts";
import { auditLog } from "../db/schema.ts";
import { errorResponses, json } from "../error.ts";
import { createRouter, Slug } from "../router.ts";

const AuditQuery = z.strictObject({
  tenant: Slug.optional().openapi({ description: "operators: omit for every tenant" }),
  before: z.coerce.number().int().positive().optional().openapi({
    description: "page: entries with an id below this (the previous page's `next`)",
  }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const AuditEntry = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string(),
    role: z.string(),
    tenant: z.string().nullable(),
    action: z.string().openapi({ example: "ruleset.publish" }),
    target: z.string().openapi({ example: "ruleset/florist/main" }),
    details: z.record(z.string(), z.unknown()),
  })
  .openapi("AuditEntry");

export function auditRoutes(deps: { db: Database }) {
  return createRouter().openapi(
    createRoute({
      method: "get",
      path: "/v1/audit",
      summary: "Who changed what, newest first (operators: any tenant; others: their own)",
      security: [{ bearer: [] }],
      request: { query: AuditQuery },
      responses: {
        200: {
          description: "Entries and the cursor for the next page",
          content: json(
            z.object({ entries: z.array(AuditEntry), next: z.number().int().nullable() }),
          ),
        },
        ...errorResponses,
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const tenant = scopeTenant(c.get("claims"), query.tenant);
      const rows = await deps.db
        .select()
        .from(auditLog)
        .where(
          and(
            tenant === undefined ? undefined : eq(auditLog.tenant, tenant),
            query.before === undefined ? undefined : lt(auditLog.id, query.before),
          ),
        )
        .orderBy(desc(auditLog.id))
        .limit(query.limit);
      const entries = rows.map(({ createdAt, ...row }) => ({
        ...row,
        at: createdAt.toISOString(),
      }));
      const next = rows.length === query.limit ? (rows.at(-1)?.id ?? null) : null;
      return c.json({ entries, next }, 200);
    },
  );
}
