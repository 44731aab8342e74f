import { OpenAPIHono } from "@hono/zod-openapi";
import { type AuthEnv, bearerAuth } from "./auth/index.ts";
import { carrierRoutes } from "./carriers/routes.ts";
import type { Database } from "./db/open.ts";
import { ApiError, renderError } from "./error.ts";
import type { EdgePublisher } from "./publisher/index.ts";
import { rulesetRoutes } from "./rulesets/routes.ts";

export interface ControlPlaneOptions {
  db: Database;
  /** Where bundles and pointers go: the edge's KV (see publisher/). */
  publisher: EdgePublisher;
  /** HS256 key for bearer tokens (see issueToken). */
  jwtSecret: string;
}

/** The control plane's HTTP API; migrations must already be applied to `db`. */
export function createControlPlane({ db, publisher, jwtSecret }: ControlPlaneOptions) {
  const app = new OpenAPIHono<AuthEnv>();
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
  });

  app.get("/healthz", (c) => c.json({ ok: true }));
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Switchboard control plane", version: "1" },
  });

  app.use("/v1/*", bearerAuth(jwtSecret));
  app.route("/", rulesetRoutes({ db, publisher }));
  app.route("/", carrierRoutes({ db, publisher }));

  app.notFound((c) =>
    renderError(new ApiError(404, "not_found", `no route for ${c.req.method} ${c.req.path}`), c),
  );
  app.onError(renderError);
  return app;
}

export type ControlPlane = ReturnType<typeof createControlPlane>;
