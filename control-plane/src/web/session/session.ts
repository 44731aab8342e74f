/**
 * A session is the API's own JWT in an HttpOnly, SameSite=Strict cookie: nothing is stored on the
 * server, and whatever the API would refuse for this token, the pages refuse too. A token with
 * under half its life left is swapped for a fresh one with the same claims on the next page, so
 * a session ends after 15 minutes of inactivity, not 15 minutes after signing in.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { accessTokenTtlSec, type Claims, issueToken, verifyJwt } from "../../auth/index.ts";
import type { ApiFetch } from "../api.ts";

export interface Session {
  token: string;
  claims: Claims;
}

export type WebEnv = {
  Variables: { session: Session | undefined; api: ApiFetch; jwtSecret: string };
};

export const sessionCookie = "sb_session";
/** Cookies of the web app are scoped to it: the API never reads them (it takes bearer tokens). */
export const webPath = "/app";

/** The session of this request, or undefined when there is none or its token no longer verifies. */
export async function readSession(c: Context<WebEnv>): Promise<Session | undefined> {
  const token = getCookie(c, sessionCookie);
  if (!token) return undefined;
  const claims = await verifyJwt(token, c.get("jwtSecret")).catch(() => undefined);
  if (!claims || (claims.role !== "operator" && !claims.tenant)) return undefined;
  return { token, claims };
}

/** Refreshes a session past half its life, with the same subject, role and tenant. */
export async function keepAlive(c: Context<WebEnv>, session: Session): Promise<Session> {
  const left = session.claims.exp - Math.floor(Date.now() / 1000);
  if (left > accessTokenTtlSec / 2) return session;
  const { exp: _, ...claims } = session.claims;
  const token = await issueToken(c.get("jwtSecret"), claims, accessTokenTtlSec);
  return startSession(c, token, {
    ...claims,
    exp: Math.floor(Date.now() / 1000) + accessTokenTtlSec,
  });
}

export function startSession(c: Context<WebEnv>, token: string, claims: Claims): Session {
  setCookie(c, sessionCookie, token, {
    path: webPath,
    httpOnly: true,
    sameSite: "Strict",
    secure: isHttps(c),
    maxAge: Math.max(0, claims.exp - Math.floor(Date.now() / 1000)),
  });
  return { token, claims };
}

export function endSession(c: Context<WebEnv>): void {
  deleteCookie(c, sessionCookie, { path: webPath, secure: isHttps(c) });
}

/** Behind a TLS-terminating proxy the request URL is http; the proxy says so in a header. */
export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === "https:" || c.req.header("x-forwarded-proto") === "https";
}
