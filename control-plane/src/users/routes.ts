import { createRoute, z } from "@hono/zod-openapi";
import { asc, eq } from "drizzle-orm";
import { audit } from "../audit/index.ts";
import { accessTokenTtlSec, assertOperator, issueToken, Role, scopeTenant } from "../auth/index.ts";
import { decoyHash, hashPassword, verifyPassword } from "../auth/password.ts";
import type { Database } from "../db/open.ts";
import { users } from "../db/schema.ts";
import { ApiError, ErrorBody, errorResponses, json } from "../error.ts";
import { createRouter, Slug } from "../router.ts";
import { ensureTenant } from "../tenants/store.ts";

const Login = z
  .strictObject({ email: z.string().min(1), password: z.string().min(1) })
  .openapi("LoginRequest");

const AccessToken = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal("Bearer"),
    expiresIn: z.number().int().openapi({ description: "seconds" }),
    role: Role,
    tenant: z.string().nullable(),
  })
  .openapi("AccessToken");

const NewUser = z
  .strictObject({
    email: z.email(),
    password: z.string().min(12, "use a password of at least 12 characters").max(1024),
    role: Role,
    tenant: Slug.optional().openapi({ description: "required unless role is operator" }),
  })
  .openapi("NewUser");

const User = z
  .object({
    id: z.number().int(),
    email: z.string(),
    role: Role,
    tenant: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("User");

export function userRoutes(deps: { db: Database; jwtSecret: string }) {
  const { db } = deps;
  return createRouter()
    .openapi(
      createRoute({
        method: "post",
        path: "/v1/auth/login",
        summary: "Exchange email and password for a short-lived access token",
        request: { body: { content: json(Login), required: true } },
        responses: {
          200: { description: "A bearer token for the API", content: json(AccessToken) },
          401: { description: "Unknown email or wrong password", content: json(ErrorBody) },
          422: errorResponses[422],
        },
      }),
      async (c) => {
        const { email, password } = c.req.valid("json");
        const [user] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
        // Same work and the same answer whether the email exists or not.
        const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
        if (!user || !ok) {
          throw new ApiError(401, "invalid_credentials", "email or password is wrong");
        }
        const tenant = user.tenant ?? undefined;
        const accessToken = await issueToken(
          deps.jwtSecret,
          { sub: user.email, role: user.role, ...(tenant ? { tenant } : {}) },
          accessTokenTtlSec,
        );
        return c.json(
          {
            accessToken,
            tokenType: "Bearer" as const,
            expiresIn: accessTokenTtlSec,
            role: user.role,
            tenant: user.tenant,
          },
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: "/v1/users",
        summary: "Create a user (operator only)",
        security: [{ bearer: [] }],
        request: { body: { content: json(NewUser), required: true } },
        responses: {
          201: { description: "Created", content: json(User) },
          ...errorResponses,
          409: { description: "The email is taken", content: json(ErrorBody) },
        },
      }),
      async (c) => {
        const claims = c.get("claims");
        assertOperator(claims);
        const body = c.req.valid("json");
        if (body.role !== "operator" && !body.tenant) {
          throw new ApiError(422, "invalid_request", `a ${body.role} needs a tenant`);
        }
        const tenant = body.role === "operator" ? null : (body.tenant ?? null);
        const passwordHash = await hashPassword(body.password);
        const row = await db.transaction(async (tx) => {
          if (tenant) await ensureTenant(tx, tenant);
          const [created] = await tx
            .insert(users)
            .values({ email: body.email.toLowerCase(), role: body.role, tenant, passwordHash })
            .onConflictDoNothing()
            .returning();
          if (!created) throw new ApiError(409, "email_taken", `${body.email} already has a user`);
          await audit(tx, claims, {
            action: "user.create",
            target: `user/${created.email}`,
            tenant: tenant ?? undefined,
            details: { role: created.role },
          });
          return created;
        });
        return c.json(present(row), 201);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/v1/users",
        summary: "Users of a tenant (operators: any tenant, or all)",
        security: [{ bearer: [] }],
        request: { query: z.strictObject({ tenant: Slug.optional() }) },
        responses: {
          200: { description: "Users", content: json(z.object({ users: z.array(User) })) },
          ...errorResponses,
        },
      }),
      async (c) => {
        const tenant = scopeTenant(c.get("claims"), c.req.valid("query").tenant);
        const rows = await db
          .select()
          .from(users)
          .where(tenant === undefined ? undefined : eq(users.tenant, tenant))
          .orderBy(asc(users.id));
        return c.json({ users: rows.map(present) }, 200);
      },
    );
}

function present(row: typeof users.$inferSelect) {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    tenant: row.tenant,
    createdAt: row.createdAt.toISOString(),
  };
}
