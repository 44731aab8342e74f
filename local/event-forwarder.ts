// Locally nothing consumes the edge's EVENTS queue (on Cloudflare the control plane's Worker
// does: createEventConsumer). This adds a second Miniflare worker that does, forwarding each
// batch to the control plane in Node, so calls made after `npm start` show up in its reports.
import { join } from "node:path";
import { issueToken } from "@switchboard/control-plane";
import { type Request, Response } from "miniflare";

/** The queue the edge's EVENTS binding sends to (wrangler.toml). */
export const eventsQueue = "switchboard-events";

export interface EventForwarderOptions {
  /** The control plane's base URL; null until it listens (batches wait and retry until then). */
  controlUrl(): string | null;
  /** Signs the forwarder's short-lived operator token, the control plane's JWT key. */
  jwtSecret: string;
}

/** Miniflare worker options of the forwarder, a consumer of `eventsQueue`. */
export function eventForwarderWorker(options: EventForwarderOptions) {
  return {
    name: "event-forwarder",
    modules: true,
    scriptPath: join(import.meta.dirname, "event-forwarder.worker.js"),
    compatibilityDate: "2026-04-26",
    // Batches of up to 100 events, at least once a second; up to 100 retries backing off to a
    // minute apart: the control plane may be down for about 1.5 hours before events are dropped.
    queueConsumers: { [eventsQueue]: { maxBatchSize: 100, maxBatchTimeout: 1, maxRetries: 100 } },
    serviceBindings: { CONTROL_PLANE: (request: Request) => forward(request, options) },
  };
}

/** Only the event batch route is reachable, with a fresh 5-minute operator token per batch. */
async function forward(request: Request, options: EventForwarderOptions): Promise<Response> {
  const { pathname } = new URL(request.url);
  const controlUrl = options.controlUrl();
  if (request.method !== "POST" || pathname !== "/v1/events:batch") {
    return new Response(`the forwarder only posts event batches, not ${pathname}`, {
      status: 404,
    });
  }
  if (!controlUrl) return new Response("the control plane is starting", { status: 503 });
  const token = await issueToken(
    options.jwtSecret,
    { sub: "service:event-forwarder", role: "operator" },
    300,
  );
  try {
    const res = await fetch(new URL(pathname, controlUrl), {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: await request.text(),
    });
    return new Response(await res.text(), { status: res.status });
  } catch (error) {
    return new Response(`the control plane did not answer (${error})`, { status: 503 });
  }
}
