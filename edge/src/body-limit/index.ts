/**
 * Refuses a body over `maxKiB` with 413 `body_too_large` before anyone reads it. A declared
 * `Content-Length` is checked by itself; a body without one (chunked) goes through Hono's
 * `bodyLimit`, which counts while reading. Carriers send a length, and this runs on every
 * webhook: Hono's looks at the stream and three headers first.
 */
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit as countingLimit } from "hono/body-limit";

export function bodyLimit(maxKiB: number): MiddlewareHandler {
  const maxBytes = maxKiB * 1024;
  const tooLarge = (c: Context) =>
    c.json(
      {
        error: {
          code: "body_too_large",
          message: `The body is over ${maxKiB} KiB (${maxBytes} bytes); send less.`,
        },
      },
      413,
    );
  const counting = countingLimit({ maxSize: maxBytes, onError: tooLarge });
  return function bodyLimit(c, next) {
    const headers = c.req.raw.headers;
    const declared = headers.get("content-length");
    // With Transfer-Encoding the declared length does not bound what is read (RFC 9112 §6.3).
    if (declared === null || headers.has("transfer-encoding")) return counting(c, next);
    return Number(declared) > maxBytes ? Promise.resolve(tooLarge(c)) : next();
  };
}
