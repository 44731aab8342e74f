import { createRoute, z } from "@hono/zod-openapi";
import { and, desc, eq, isNull } from "drizzle-orm";
import { audit } from "../audit/index.ts";
import { newApiKey } from "../auth/api-key.ts";
import { assertTenantAccess, Role, scopeTenant } from "../auth/index.ts";
import type { Database } from "../db/open.ts";
import { apiKeys } from "../db/schema.ts";
import { ApiError, ErrorBody, errorResponses, json } from "../error.ts";
import { createRouter, Slug } from "../router.ts";
import { ensureTenant } from "../tenants/store.ts";

const NewKey = z
  .strictObject({
    name: z.string().min(1).max(100).openapi({ example: "ci publisher" }),
    role: Role.optional().openapi({ description: "operators only; others get their own role" }),
    tenant: Slug.optional().openapi({ description: "operators only; others get their own" }),
  })
  .openapi("NewApiKey");

const ApiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    role: Role,
    tenant: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi("ApiKey");

const CreatedKey = ApiKey.extend({
  key: z.string().openapi({ description: "the bearer secret; shown only in this answer" }),
}).openapi("CreatedApiKey");

const KeyParams = z.object({
  id: z.string().openapi({ param: { name: "id", in: "path" }, example: "3f9a1c2b7d4e" }),
});

export function apiKeyRoutes(deps: { db: Database }) {
  const { db } = deps;
  const security = [{ bearer: [] }];
  return createRouter()
    .openapi(
      createRoute({
        method: "post",
        path: "/v1/api-keys",
        summary: "Create an API key for automation (the secret is shown once)",
        security,
        request: { body: { content: json(NewKey), required: true } },
        responses: {
          201: { description: "Created", content: json(CreatedKey) },
          ...errorResponses,
        },
      }),
      async (c) => {
        const claims = c.get("claims");
        const body = c.req.valid("json");
        // A key never holds more than its creator: others get exactly their own role and tenant.
        const operator = claims.role === "operator";
        const role = operator ? (body.role ?? "operator") : claims.role;
        const tenant = operator ? (body.tenant ?? null) : (claims.tenant ?? null);
        if (!operator && body.role !== undefined && body.role !== role) {
          throw new ApiError(403, "forbidden", `a ${claims.role} may only create ${role} keys`);
        }
        if (!operator && body.tenant !== undefined)
          assertTenantAccess(claims, body.tenant, [claims.role]);
        if (role !== "operator" && !tenant) {
          throw new ApiError(422, "invalid_request", `a ${role} key needs a tenant`);
        }
        const { id, key, secretHash } = newApiKey();
        const row = await db.transaction(async (tx) => {
          if (tenant) await ensureTenant(tx, tenant);
          const [created] = await tx
            .insert(apiKeys)
            .values({ id, name: body.name, role, tenant, secretHash, createdBy: claims.sub })
            .returning();
          await audit(tx, claims, {
            action: "api_key.create",
            target: `api-key/${id}`,
            tenant: tenant ?? undefined,
            details: { name: body.name, role },
          });
          return created as typeof apiKeys.$inferSelect;
        });
        return c.json({ ...present(row), key }, 201);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/v1/api-keys",
        summary: "API keys of a tenant, without their secrets",
        security,
        request: { query: z.strictObject({ tenant: Slug.optional() }) },
        responses: {
          200: { description: "Keys", content: json(z.object({ keys: z.array(ApiKey) })) },
          ...errorResponses,
        },
      }),
      async (c) => {
        const tenant = scopeTenant(c.get("claims"), c.req.valid("query").tenant);
        const rows = await db
          .select()
          .from(apiKeys)
          .where(tenant === undefined ? undefined : eq(apiKeys.tenant, tenant))
          .orderBy(desc(apiKeys.createdAt));
        return c.json({ keys: rows.map(present) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "delete",
        path: "/v1/api-keys/{id}",
        summary: "Revoke an API key (at once, for good)",
        security,
        request: { params: KeyParams },
        responses: {
          200: { description: "Revoked", content: json(ApiKey) },
          ...errorResponses,
          404: { description: "No such key", content: json(ErrorBody) },
        },
      }),
      async (c) => {
        const claims = c.get("claims");
        const { id } = c.req.valid("param");
        const row = await db.transaction(async (tx) => {
          const [found] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id)).for("update");
          // Another tenant's key is reported as missing, not forbidden: ids are not disclosed.
          if (!found || (claims.role !== "operator" && found.tenant !== claims.tenant)) {
            throw new ApiError(404, "not_found", `no API key ${id}`);
          }
          const [revoked] = await tx
            .update(apiKeys)
            .set({ revokedAt: new Date() })
            .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
            .returning();
          if (revoked) {
            await audit(tx, claims, {
              action: "api_key.revoke",
              target: `api-key/${id}`,
              tenant: found.tenant ?? undefined,
            });
          }
          return revoked ?? found;
        });
        return c.json(present(row), 200);
      },
    );
}

function present(row: typeof apiKeys.$inferSelect) {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    tenant: row.tenant,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
