/**
 * `Server-Timing` on every answer (SPEC §4): the phases a route reports with `addMetric`, in
 * order, then `total;dur=…;desc="edge"`. Hono's `timing()` writes the same header through a
 * timer map and a regex-quoted description per request; this runs on every webhook, so it
 * keeps one array and builds the header once.
 */
import type { Context, MiddlewareHandler } from "hono";

declare module "hono" {
  interface ContextVariableMap {
    serverTiming: string[];
  }
}

export function serverTiming(): MiddlewareHandler {
  return async function serverTiming(c, next) {
    const started = performance.now();
    const metrics: string[] = [];
    c.set("serverTiming", metrics);
    await next();
    metrics.push(`total;dur=${(performance.now() - started).toFixed(1)};desc="edge"`);
    c.res.headers.append("Server-Timing", metrics.join(","));
  };
}

/** Reports how long a phase of this request took; ignored outside `serverTiming()`. */
export function addMetric(c: Context, name: string, ms: number): void {
  c.get("serverTiming")?.push(`${name};dur=${ms.toFixed(1)}`);
}
