import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";

/** One problem with one field of a request: `path` names it (`schedule.weekdays.2`). */
export interface Issue {
  path: string;
  message: string;
}

/**
 * A failure the caller can act on; rendered as `{error: {code, message, issues?}}` with
 * `status`. `issues` name the request fields at fault (validation errors).
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "forbidden" }),
      message: z.string(),
      issues: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .openapi({ description: "the request fields at fault (422)" }),
    }),
  })
  .openapi("Error");

/** zod's issues as API issues: the field's dotted path and what is wrong with it. */
export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({
    path: i.path.map(String).join("."),
    message: i.message,
  }));
}

/** Response entries every authenticated route shares, for the OpenAPI document. */
export const errorResponses = {
  401: { description: "Missing, malformed or expired bearer token", content: json(ErrorBody) },
  403: { description: "The token's role or tenant may not do this", content: json(ErrorBody) },
  422: { description: "The request does not match its schema", content: json(ErrorBody) },
} as const;

export function json<T extends z.ZodType>(schema: T) {
  return { "application/json": { schema } };
}

/**
 * The errors Hono's validators raise themselves, reworded to say how to fix them: a JSON route
 * got a body that does not parse (400) or is not declared as JSON (415).
 */
const httpErrors: Partial<Record<number, (c: Context) => { code: string; message: string }>> = {
  400: () => ({
    code: "bad_request",
    message: "the request body is not valid JSON; send one JSON object",
  }),
  415: (c) => ({
    code: "unsupported_media_type",
    message: `send the body as JSON with Content-Type: application/json (got ${
      c.req.header("content-type") ? `"${c.req.header("content-type")}"` : "no Content-Type"
    })`,
  }),
};

export function renderError(error: Error, c: Context): Response {
  if (error instanceof ApiError) {
    const { code, message, issues } = error;
    return c.json({ error: issues ? { code, message, issues } : { code, message } }, error.status);
  }
  if (error instanceof HTTPException) {
    const body = httpErrors[error.status]?.(c) ?? { code: "http_error", message: error.message };
    return c.json({ error: body }, error.status);
  }
  console.error(error);
  return c.json(
    { error: { code: "internal", message: "internal error; see the server log" } },
    500,
  );
}

/**
 * A short reason for a failure to put in a message or a log line: the driver's own message when
 * drizzle wraps it (drizzle's message repeats the whole SQL text), at most 300 characters.
 */
export function reasonOf(error: unknown): string {
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const text = inner instanceof Error ? inner.message : String(inner);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
