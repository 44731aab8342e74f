/**
 * `Ranking` shape: how search orders openings and where sponsored results go. Weights and
 * fractions become fixed point (× 10⁶) in the bundle, so they allow at most 6 decimals.
 *
 * Defaults: every weight 0 (at least one must be above 0), freshnessHalfLifeDays 30, no
 * category (all categories), no sponsored slots, qualityFloor 0, reservePrice 0.
 */
import { z } from "zod";
import { CountrySchema, MetadataSchema, SlugSchema } from "../../schema.ts";

const weight = z.number().min(0).max(1000).default(0);

export const RankingSpecSchema = z.strictObject({
  country: CountrySchema,
  category: SlugSchema.optional().describe("leave out to rank every category"),
  weights: z.strictObject({
    text: weight.describe("relevance of the query text"),
    distance: weight.describe("closeness, 1 − distance / maxDistanceKm"),
    rating: weight.describe("stars / 5"),
    responseRate: weight.describe("share of requests answered"),
    freshness: weight.describe("0.5 ^ (age in days / freshnessHalfLifeDays)"),
  }),
  freshnessHalfLifeDays: z.int().min(1).max(3650).default(30),
  maxDistanceKm: z.int().min(1).max(20_000).describe("openings farther away are not results"),
  sponsored: z
    .strictObject({
      slots: z
        .array(z.int().min(1).max(100))
        .max(10)
        .default([])
        .describe("1-based result positions for ads, increasing"),
      qualityFloor: z.number().min(0).max(1).default(0).describe("an ad's minimum quality"),
      reservePrice: z
        .int()
        .min(0)
        .max(0xffffffff)
        .default(0)
        .describe("minimum bid, in minor units of the country's currency"),
    })
    .prefault({}),
});

export const RankingFileSchema = z.strictObject({
  apiVersion: z.literal("switchboard/v1"),
  kind: z.literal("Ranking"),
  metadata: MetadataSchema,
  spec: RankingSpecSchema,
});

export type RankingFile = z.output<typeof RankingFileSchema>;
