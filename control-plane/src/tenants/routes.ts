import { createRoute, z } from "@hono/zod-openapi";
import { asc, eq } from "drizzle-orm";
import { audit } from "../audit/index.ts";
import { assertOperator, assertTenantAccess, scopeTenant } from "../auth/index.ts";
import type { Database } from "../db/open.ts";
import { numbers, rulesets, tenants } from "../db/schema.ts";
import { ApiError, ErrorBody, errorResponses, json } from "../error.ts";
import { createRouter, Slug } from "../router.ts";

const TenantParams = z.object({
  tenant: Slug.openapi({ param: { name: "tenant", in: "path" }, example: "florist" }),
});

const Tenant = z
  .object({ id: z.string(), name: z.string().nullable(), createdAt: z.string() })
  .openapi("Tenant");

const SetTenant = z.strictObject({ name: z.string().min(1).max(200) }).openapi("TenantRequest");

const NumberList = z
  .object({
    numbers: z.array(z.object({ e164: z.string(), ruleset: z.string(), claimedAt: z.string() })),
  })
  .openapi("NumberList");

const notFound = { 404: { description: "No such tenant", content: json(ErrorBody) } } as const;

export function tenantRoutes(deps: { db: Database }) {
  const { db } = deps;
  const security = [{ bearer: [] }];
  return createRouter()
    .openapi(
      createRoute({
        method: "put",
        path: "/v1/tenants/{tenant}",
        summary: "Create a tenant or rename it (operator only)",
        security,
        request: { params: TenantParams, body: { content: json(SetTenant), required: true } },
        responses: {
          200: { description: "Renamed", content: json(Tenant) },
          201: { description: "Created", content: json(Tenant) },
          ...errorResponses,
        },
      }),
      async (c) => {
        const claims = c.get("claims");
        assertOperator(claims);
        const { tenant } = c.req.valid("param");
        const { name } = c.req.valid("json");
        const { row, created } = await db.transaction(async (tx) => {
          const [existing] = await tx.select().from(tenants).where(eq(tenants.id, tenant));
          const [row] = await tx
            .insert(tenants)
            .values({ id: tenant, name })
            .onConflictDoUpdate({ target: tenants.id, set: { name } })
            .returning();
          await audit(tx, claims, {
            action: existing ? "tenant.rename" : "tenant.create",
            target: `tenant/${tenant}`,
            tenant,
            details: { name },
          });
          return { row: row as typeof tenants.$inferSelect, created: !existing };
        });
        return created ? c.json(present(row), 201) : c.json(present(row), 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/v1/tenants",
        summary: "Tenants the token may see: all for operators, else its own",
        security,
        responses: {
          200: { description: "Tenants", content: json(z.object({ tenants: z.array(Tenant) })) },
          ...errorResponses,
        },
      }),
      async (c) => {
        const tenant = scopeTenant(c.get("claims"), undefined);
        const rows = await db
          .select()
          .from(tenants)
          .where(tenant === undefined ? undefined : eq(tenants.id, tenant))
          .orderBy(asc(tenants.id));
        return c.json({ tenants: rows.map(present) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/v1/tenants/{tenant}",
        summary: "One tenant",
        security,
        request: { params: TenantParams },
        responses: {
          200: { description: "The tenant", content: json(Tenant) },
          ...errorResponses,
          ...notFound,
        },
      }),
      async (c) => {
        const { tenant } = c.req.valid("param");
        assertTenantAccess(c.get("claims"), tenant, ["pbx_admin", "provider"]);
        const [row] = await db.select().from(tenants).where(eq(tenants.id, tenant));
        if (!row) throw new ApiError(404, "not_found", `tenant ${tenant} does not exist`);
        return c.json(present(row), 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/v1/tenants/{tenant}/numbers",
        summary: "The DIDs the tenant's published rule sets route",
        security,
        request: { params: TenantParams },
        responses: {
          200: { description: "Numbers", content: json(NumberList) },
          ...errorResponses,
        },
      }),
      async (c) => {
        const { tenant } = c.req.valid("param");
        assertTenantAccess(c.get("claims"), tenant);
        const rows = await db
          .select({ e164: numbers.e164, ruleset: rulesets.name, claimedAt: numbers.claimedAt })
          .from(numbers)
          .innerJoin(rulesets, eq(rulesets.id, numbers.rulesetId))
          .where(eq(numbers.tenant, tenant))
          .orderBy(asc(numbers.e164));
        const list = rows.map((r) => ({ ...r, claimedAt: r.claimedAt.toISOString() }));
        return c.json({ numbers: list }, 200);
      },
    );
}

function present(row: typeof tenants.$inferSelect) {
  return { id: row.id, name: row.name, createdAt: row.createdAt.toISOString() };
}
