import { createMiddleware } from "hono/factory";
import { sign, verify } from "hono/jwt";
import { z } from "zod";
import { ApiError } from "../error.ts";

export const Claims = z.object({
  sub: z.string().min(1),
  role: z.enum(["operator", "pbx_admin", "provider"]),
  tenant: z.string().min(1).optional(),
  exp: z.number().int(),
});
export type Claims = z.infer<typeof Claims>;

export type AuthEnv = { Variables: { claims: Claims } };

/** Signs an HS256 bearer token valid for `ttlSec` seconds. */
export function issueToken(
  secret: string,
  claims: Omit<Claims, "exp">,
  ttlSec = 3600,
): Promise<string> {
  return sign({ ...claims, exp: Math.floor(Date.now() / 1000) + ttlSec }, secret, "HS256");
}

/** Verifies `Authorization: Bearer <jwt>` and puts the claims on the context as `claims`. */
export function bearerAuth(secret: string) {
  return createMiddleware<AuthEnv>(async function bearerAuth(c, next) {
    const header = c.req.header("Authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      throw new ApiError(401, "unauthorized", "send `Authorization: Bearer <token>`");
    }
    let payload: unknown;
    try {
      payload = await verify(match[1], secret, "HS256");
    } catch (error) {
      const reason = error instanceof Error ? error.message : "invalid token";
      throw new ApiError(401, "unauthorized", `bearer token rejected: ${reason}`);
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) {
      throw new ApiError(401, "unauthorized", "bearer token lacks valid sub/role/exp claims");
    }
    if (claims.data.role !== "operator" && !claims.data.tenant) {
      throw new ApiError(401, "unauthorized", `a ${claims.data.role} token must carry a tenant`);
    }
    c.set("claims", claims.data);
    await next();
  });
}

/** Operators act on any tenant; a pbx_admin only on its own; providers never on rule sets. */
export function assertTenantAccess(claims: Claims, tenant: string): void {
  if (claims.role === "operator") return;
  if (claims.role === "pbx_admin" && claims.tenant === tenant) return;
  throw new ApiError(
    403,
    "forbidden",
    claims.role === "pbx_admin"
      ? `this token is for tenant "${claims.tenant}", not "${tenant}"`
      : `role ${claims.role} may not manage rule sets`,
  );
}

export function assertOperator(claims: Claims): void {
  if (claims.role !== "operator") {
    throw new ApiError(403, "forbidden", "only an operator may do this");
  }
}
