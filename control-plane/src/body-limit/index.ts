import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { ApiError } from "../error.ts";

const MiB = 1 << 20;

/**
 * The most a request body may hold, so no request (login included: it needs no token) can make
 * the server buffer and parse an arbitrary amount. Rule files and JSON bodies: 1 MiB. Event
 * batches: 8 MiB (5,000 events of ~450 bytes). Subscriber imports are streamed row by row and
 * never held whole, so they have no limit.
 */
export const maxBodyBytes = { default: MiB, eventBatch: 8 * MiB } as const;

export function requestBodyLimits() {
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError(c) {
        throw new ApiError(
          413,
          "payload_too_large",
          `the body of ${c.req.method} ${c.req.path} may be at most ${maxSize / MiB} MiB`,
        );
      },
    });
  const general = limit(maxBodyBytes.default);
  const eventBatch = limit(maxBodyBytes.eventBatch);
  return createMiddleware(async function requestBodyLimits(c, next) {
    if (c.req.path.endsWith("/subscribers:import")) return next();
    return (c.req.path === "/v1/events:batch" ? eventBatch : general)(c, next);
  });
}
