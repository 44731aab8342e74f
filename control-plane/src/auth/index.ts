import { createMiddleware } from "hono/factory";
import { sign, verify } from "hono/jwt";
import { z } from "zod";
import { ApiError } from "../error.ts";
import { parseApiKey } from "./api-key.ts";

export const Role = z.enum(["operator", "pbx_admin", "provider"]);
export type Role = z.infer<typeof Role>;

export const Claims = z.object({
  sub: z.string().min(1),
  role: Role,
  tenant: z.string().min(1).optional(),
  exp: z.number().int(),
});
export type Claims = z.infer<typeof Claims>;

export type AuthEnv = { Variables: { claims: Claims } };

/** Access tokens from `POST /v1/auth/login` live 15 minutes; log in again for a new one. */
export const accessTokenTtlSec = 900;

/** Signs an HS256 bearer token valid for `ttlSec` seconds. */
export function issueToken(
  secret: string,
  claims: Omit<Claims, "exp">,
  ttlSec = 3600,
): Promise<string> {
  return sign({ ...claims, exp: Math.floor(Date.now() / 1000) + ttlSec }, secret, "HS256");
}

/** Looks up an API key (`sbk_…`); null when unknown, revoked or the secret is wrong. */
export type ApiKeyResolver = (key: { id: string; secret: string }) => Promise<Claims | null>;

/**
 * Verifies `Authorization: Bearer <jwt | api key>` and puts the claims on the context as
 * `claims`. Paths in `open` (exact) need no token.
 */
export function bearerAuth(
  secret: string,
  options: { apiKeys?: ApiKeyResolver; open?: string[] } = {},
) {
  const open = new Set(options.open);
  return createMiddleware<AuthEnv>(async function bearerAuth(c, next) {
    if (open.has(c.req.path)) return next();
    const header = c.req.header("Authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) {
      throw new ApiError(401, "unauthorized", "send `Authorization: Bearer <token or API key>`");
    }
    const apiKey = parseApiKey(match[1]);
    const claims = apiKey ? await options.apiKeys?.(apiKey) : await verifyJwt(match[1], secret);
    if (!claims) throw new ApiError(401, "unauthorized", "API key unknown or revoked");
    if (claims.role !== "operator" && !claims.tenant) {
      throw new ApiError(401, "unauthorized", `a ${claims.role} token must carry a tenant`);
    }
    c.set("claims", claims);
    await next();
  });
}

/** Verifies an HS256 access token and its claims; throws ApiError 401 when it does not. */
export async function verifyJwt(token: string, secret: string): Promise<Claims> {
  let payload: unknown;
  try {
    payload = await verify(token, secret, "HS256");
  } catch (error) {
    const reason = error instanceof Error ? error.message : "invalid token";
    throw new ApiError(401, "unauthorized", `bearer token rejected: ${reason}`);
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) {
    throw new ApiError(401, "unauthorized", "bearer token lacks valid sub/role/exp claims");
  }
  return claims.data;
}

/**
 * Operators act on any tenant; the roles in `roles` only on their own tenant; everyone else
 * gets 403. The message never says whether the other tenant exists.
 */
export function assertTenantAccess(
  claims: Claims,
  tenant: string,
  roles: readonly Role[] = ["pbx_admin"],
): void {
  if (claims.role === "operator") return;
  if (!roles.includes(claims.role)) {
    throw new ApiError(403, "forbidden", `role ${claims.role} may not do this`);
  }
  if (claims.tenant !== tenant) {
    throw new ApiError(
      403,
      "forbidden",
      `this token is for tenant "${claims.tenant}", not "${tenant}"`,
    );
  }
}

export function assertOperator(claims: Claims): void {
  if (claims.role !== "operator") {
    throw new ApiError(403, "forbidden", "only an operator may do this");
  }
}

/** The tenant a read is scoped to: an operator's choice (or all), everyone else's own. */
export function scopeTenant(claims: Claims, requested: string | undefined): string | undefined {
  if (claims.role === "operator") return requested;
  if (requested !== undefined && requested !== claims.tenant) {
    throw new ApiError(
      403,
      "forbidden",
      `this token is for tenant "${claims.tenant}", not "${requested}"`,
    );
  }
  return claims.tenant;
}
