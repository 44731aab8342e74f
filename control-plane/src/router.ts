import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { AuthEnv } from "./auth/index.ts";
import { issuesOf } from "./error.ts";

/**
 * A route group whose schema failures answer 422 `{error: {code, message, issues}}` like every
 * error, `issues` naming each field at fault.
 */
export function createRouter() {
  return new OpenAPIHono<AuthEnv>({
    defaultHook(result, c) {
      if (result.success) return;
      return c.json(
        {
          error: {
            code: "invalid_request",
            message: z.prettifyError(result.error),
            issues: issuesOf(result.error),
          },
        },
        422,
      );
    },
  });
}

/** Tenant, rule set and carrier ids: lower-case slugs, safe in KV keys and URLs. */
export const Slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "use 1-63 lower-case letters, digits, '-' or '_'");
