/** Request and answer pieces the marketplace routes share (OpenAPI components). */
import { z } from "@hono/zod-openapi";
import { Slug } from "../router.ts";

export const ProviderParams = z.object({
  provider: Slug.openapi({ param: { name: "provider", in: "path" }, example: "florist" }),
});

/** An amount in minor units of the provider's currency (öre for SEK). */
export const Money = (description: string, min = 0) =>
  z
    .number()
    .int("use whole minor units (öre, cents), not a decimal amount")
    .min(min)
    .max(2 ** 32 - 1)
    .openapi({ description: `${description}, in minor units of the country's currency` });

export const CountryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, "use the ISO 3166-1 alpha-2 code, e.g. SE")
  .transform((code) => code.toUpperCase())
  .openapi({ example: "SE" });

/** Where an opening or campaign stands in search after a write (docs/marketplace.md). */
export const SearchState = z
  .object({
    searchable: z.boolean().openapi({ description: "the edge serves it in search now" }),
    reason: z.string().optional().openapi({ description: "why not, and what to do" }),
    pointer: z.string().optional().openapi({ example: "ranking/SE/florist" }),
    ranking: z.string().optional().openapi({ description: "the Ranking bundle's SHA-256" }),
    snapshot: z.string().optional().openapi({ description: "the snapshot's SHA-256" }),
    at: z.string().optional().openapi({ description: "when that snapshot was made" }),
  })
  .openapi("SearchState");
export type SearchState = z.infer<typeof SearchState>;

/** `from`/`to` of report queries: local days of the provider's country. */
export const isoDate = z.iso.date().openapi({ example: "2026-11-21" });
