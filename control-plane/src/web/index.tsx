// @jsxRuntime automatic @jsxImportSource hono/jsx
/**
 * The admin web app, served by the control plane under `/app`: server-rendered pages (hono/jsx),
 * a little progressive JavaScript, every asset served from here. Pages read and write through
 * the API in process (api.ts); sessions are the API's JWT in a cookie (session/).
 */
import { Hono } from "hono";
import { csrf } from "hono/csrf";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { activityRoutes } from "./activity/routes.tsx";
import { ApiFailure, type ApiFetch } from "./api.ts";
import { apiKeyRoutes } from "./api-keys/routes.tsx";
import { assetRoutes } from "./assets/index.ts";
import { redirectWith } from "./layout/flash.ts";
import { renderPage } from "./layout/page.tsx";
import { PageHeader } from "./layout/parts.tsx";
import { operatorRoutes } from "./operator/routes.tsx";
import { providerRoutes } from "./provider/routes.tsx";
import { rulesetRoutes } from "./rulesets/routes.tsx";
import { sessionRoutes } from "./session/routes.tsx";
import { endSession, keepAlive, readSession, type WebEnv } from "./session/session.ts";
import { statsRoutes } from "./stats/routes.tsx";

export interface WebOptions {
  /** The control plane's own API, called in process with the session's token. */
  api: ApiFetch;
  /** The key the API's tokens are signed with (sessions are those tokens). */
  jwtSecret: string;
  /** The edge's base URL, for the operator's health page (`GET /readyz`). */
  edgeUrl?: string;
}

export function webApp(options: WebOptions): Hono<WebEnv> {
  const web = new Hono<WebEnv>();
  web.use(async (c, next) => {
    c.set("api", options.api);
    c.set("jwtSecret", options.jwtSecret);
    await next();
  });
  web.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  web.route("/", assetRoutes);
  // Forms post only from this origin (SameSite=Strict cookies already keep others' posts out).
  web.use(csrf());
  web.route("/", sessionRoutes);

  web.use(async (c, next) => {
    const session = await readSession(c);
    if (!session) {
      const back = c.req.method === "GET" ? c.req.path : "";
      const login = `/app/login${back ? `?next=${encodeURIComponent(back)}` : ""}`;
      if (c.req.method === "GET") return c.redirect(login, 303);
      return redirectWith(c, login, { kind: "error", text: "Your session ended; sign in again." });
    }
    c.set("session", await keepAlive(c, session));
    await next();
  });
  web.get("/", (c) => {
    const { role, tenant } = c.get("session")?.claims ?? {};
    const home = {
      operator: "/app/operator",
      pbx_admin: `/app/tenants/${tenant}`,
      provider: `/app/providers/${tenant}`,
    };
    return c.redirect(role ? home[role] : "/app/login", 303);
  });
  web.route("/", operatorRoutes({ edgeUrl: options.edgeUrl }));
  web.route("/", rulesetRoutes);
  web.route("/", statsRoutes);
  web.route("/", providerRoutes);
  web.route("/", activityRoutes);
  web.route("/", apiKeyRoutes);

  web.all("*", (c) => {
    if (c.req.path === "/app/") return c.redirect("/app", 303);
    return problemPage(c, 404, "Not found", `Nothing lives at ${c.req.path}.`);
  });
  web.onError((error, c) => {
    if (error instanceof ApiFailure) {
      if (error.status === 401) {
        endSession(c);
        return redirectWith(c, "/app/login", {
          kind: "error",
          text: "Your session ended; sign in again.",
        });
      }
      if (error.status === 403) return problemPage(c, 403, "Not allowed", error.message);
      if (error.status === 404) return problemPage(c, 404, "Not found", error.message);
      return problemPage(c, 502, "The control plane refused", `${error.message} (${error.code})`);
    }
    if (error instanceof HTTPException && error.status === 403) {
      const text = "That form was not sent from this site. Reload the page and try again.";
      return problemPage(c, 403, "Refused", text);
    }
    if (error instanceof HTTPException) return error.getResponse();
    console.error(error);
    return problemPage(c, 500, "Something went wrong", "The error is in the control plane's log.");
  });
  return web;
}

function problemPage(
  c: Parameters<typeof renderPage>[0],
  status: 403 | 404 | 500 | 502,
  title: string,
  message: string,
) {
  return renderPage(
    c,
    { title, status },
    <>
      <PageHeader title={title} lead={message} />
      <p>
        <a href="/app">Back to the start page</a>
      </p>
    </>,
  );
}
