/**
 * The query string of `GET /v1/search` (docs/marketplace.md, "Search"): every parameter is
 * checked, and a refusal names each wrong one with what it should be.
 */
import { MAX_QUERY_TOKENS, tokenize } from "@switchboard/wasm";
import { z } from "zod";

export const MAX_LIMIT = 50;
export const DEFAULT_LIMIT = 20;
const MAX_Q_CHARS = 200;

const number = (name: string, min: number, max: number) =>
  z
    .string({ error: `${name} is required: a decimal number from ${min} to ${max}` })
    .regex(/^-?\d{1,3}(\.\d{1,9})?$/, `${name} must be a decimal number from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `${name} must be from ${min} to ${max}`);

const schema = z.object({
  country: z
    .string({ error: "country is required: an ISO 3166-1 alpha-2 code like SE" })
    .regex(/^[A-Za-z]{2}$/, "country must be an ISO 3166-1 alpha-2 code like SE")
    .transform((code) => code.toUpperCase()),
  category: z
    .string({ error: "category is required, like florist" })
    .regex(
      /^[a-z0-9][a-z0-9_-]{0,62}$/,
      "category must be lowercase letters, digits, '_' or '-', like florist",
    ),
  lat: number("lat", -90, 90),
  lon: number("lon", -180, 180),
  q: z
    .string()
    .max(MAX_Q_CHARS, `q must be at most ${MAX_Q_CHARS} characters`)
    .refine(
      (q) => new Set(tokenize(q)).size <= MAX_QUERY_TOKENS,
      `q must have at most ${MAX_QUERY_TOKENS} different words`,
    )
    .default(""),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, `limit must be a whole number from 1 to ${MAX_LIMIT}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_LIMIT, `limit must be from 1 to ${MAX_LIMIT}`)
    .default(DEFAULT_LIMIT),
});

export type SearchParams = z.output<typeof schema>;

export interface QueryIssue {
  path: string;
  message: string;
}

export type ParsedSearch =
  | { ok: true; params: SearchParams }
  | { ok: false; message: string; issues: QueryIssue[] };

/** `query` is the request's parameters (the first value of each). */
export function parseSearch(query: Record<string, string>): ParsedSearch {
  const parsed = schema.safeParse(query);
  if (parsed.success) return { ok: true, params: parsed.data };
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.join("."),
    message: issue.message,
  }));
  const names = [...new Set(issues.map((i) => i.path))].join(", ");
  return { ok: false, message: `Invalid search: check ${names}.`, issues };
}
