import { OpenAPIHono } from "@hono/zod-openapi";
import { apiKeyResolver } from "./api-keys/resolve.ts";
import { apiKeyRoutes } from "./api-keys/routes.ts";
import { auditRoutes } from "./audit/routes.ts";
import { type AuthEnv, bearerAuth } from "./auth/index.ts";
import { requestBodyLimits } from "./body-limit/index.ts";
import { carrierRoutes } from "./carriers/routes.ts";
import { countryRoutes } from "./countries/routes.ts";
import type { Database } from "./db/open.ts";
import { renderApiReference } from "./docs-page/index.ts";
import { ApiError, renderError } from "./error.ts";
import { eventRoutes } from "./events/routes.ts";
import type { EventSpool } from "./events/spool.ts";
import { campaignRoutes } from "./marketplace/campaigns/routes.ts";
import { categoryRoutes } from "./marketplace/categories/routes.ts";
import { openingRoutes } from "./marketplace/openings/routes.ts";
import { previewRoutes } from "./marketplace/preview/routes.ts";
import { providerRoutes } from "./marketplace/providers/routes.ts";
import { marketReportRoutes } from "./marketplace/reports/routes.ts";
import type { EdgePublisher } from "./publisher/index.ts";
import { reportRoutes } from "./reports/routes.ts";
import { rulesetRoutes } from "./rulesets/routes.ts";
import { subscriberRoutes } from "./subscribers/routes.ts";
import { tenantRoutes } from "./tenants/routes.ts";
import { userRoutes } from "./users/routes.ts";
import { webApp } from "./web/index.tsx";

export interface ControlPlaneOptions {
  db: Database;
  /** Where bundles and pointers go: the edge's KV (see publisher/). */
  publisher: EdgePublisher;
  /** HS256 key for bearer tokens (see issueToken). */
  jwtSecret: string;
  /** Node mode: where `POST /v1/events:batch` keeps events while Postgres is down. */
  eventSpool?: EventSpool;
  /** The edge's base URL: the web app's operator pages show its `/readyz`. */
  edgeUrl?: string;
}

const openApiConfig = {
  openapi: "3.1.0",
  info: { title: "Switchboard control plane", version: "1" },
};

/** The control plane's HTTP API; migrations must already be applied to `db`. */
export function createControlPlane({
  db,
  publisher,
  jwtSecret,
  eventSpool,
  edgeUrl,
}: ControlPlaneOptions) {
  const deps = { db, publisher };
  const app = new OpenAPIHono<AuthEnv>();
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT or API key (sbk_…)",
  });
  let reference = "";
  app.get("/healthz", (c) => c.json({ ok: true }));
  app.doc31("/openapi.json", openApiConfig);
  app.get("/docs", (c) => {
    // Rendered on first request, once every route is registered.
    reference ||= renderApiReference(app.getOpenAPI31Document(openApiConfig));
    return c.html(reference);
  });
  app.use(
    "/v1/*",
    bearerAuth(jwtSecret, { apiKeys: apiKeyResolver(db), open: ["/v1/auth/login"] }),
  );
  // After authentication, so a stranger's body is never read at all (login excepted).
  app.use("/v1/*", requestBodyLimits());

  const api = app
    .route("/", userRoutes({ db, jwtSecret }))
    .route("/", apiKeyRoutes({ db }))
    .route("/", tenantRoutes({ db }))
    .route("/", rulesetRoutes(deps))
    .route("/", countryRoutes(deps))
    .route("/", carrierRoutes(deps))
    .route("/", subscriberRoutes(deps))
    .route("/", eventRoutes({ db, publisher, spool: eventSpool }))
    .route("/", reportRoutes({ db }))
    .route("/", categoryRoutes(deps))
    .route("/", providerRoutes(deps))
    .route("/", openingRoutes(deps))
    .route("/", previewRoutes(deps))
    .route("/", campaignRoutes(deps))
    .route("/", marketReportRoutes({ db }))
    .route("/", auditRoutes({ db }));

  // The admin web app: pages over this same API, called in process (web/).
  app.get("/", (c) => c.redirect("/app", 303));
  app.route("/app", webApp({ api: (request) => app.fetch(request), jwtSecret, edgeUrl }));

  app.notFound((c) =>
    renderError(new ApiError(404, "not_found", `no route for ${c.req.method} ${c.req.path}`), c),
  );
  app.onError(renderError);
  return api;
}

export type ControlPlane = ReturnType<typeof createControlPlane>;
