/** The edge Worker: routes only; each route lives in its own module. */
import { Hono } from "hono";
import { agents } from "./call-queue/index.ts";
import { calls } from "./calls/route.ts";
import { events } from "./events/route.ts";
import { health } from "./health.ts";
import { search } from "./search/route.ts";
import { serverTiming } from "./server-timing/index.ts";

export { CallQueue } from "./call-queue/index.ts";

const app = new Hono<{ Bindings: Env }>();

// Server-Timing on every answer, refusals included.
app.use(serverTiming());
app.route("/", health);
app.route("/v1/calls", calls);
app.route("/v1/agents", agents);
app.route("/v1/search", search);
app.route("/v1/events", events);
app.notFound((c) =>
  c.json({ error: { code: "not_found", message: `No route ${c.req.method} ${c.req.path}.` } }, 404),
);
app.onError((error, c) => {
  console.error(JSON.stringify({ msg: "unhandled", path: c.req.path, error: String(error) }));
  return c.json({ error: { code: "internal_error", message: "Unexpected error." } }, 500);
});

export default app satisfies ExportedHandler<Env>;
