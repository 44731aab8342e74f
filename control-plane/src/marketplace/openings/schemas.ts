import { z } from "@hono/zod-openapi";
import { Slug } from "../../router.ts";
import { Money, SearchState } from "../fields.ts";

const fields = {
  category: Slug.openapi({ description: "a category id (GET /v1/categories)", example: "florist" }),
  title: z
    .string()
    .trim()
    .min(3, "give a title of at least 3 characters")
    .max(120, "keep the title to 120 characters")
    .openapi({ example: "Wedding bouquets" }),
  description: z
    .string()
    .trim()
    .max(2000, "keep the description to 2000 characters")
    .openapi({ description: "searched like the title; 80+ characters count fully for quality" }),
  lat: z.number().min(-90).max(90).openapi({ description: "WGS 84 latitude", example: 59.3326 }),
  lon: z.number().min(-180).max(180).openapi({ description: "WGS 84 longitude", example: 18.0649 }),
  radiusKm: z
    .number()
    .min(0.1, "serve at least 0.1 km around the location")
    .max(500, "a service radius is at most 500 km")
    .openapi({ description: "how far from lat/lon the service is offered", example: 15 }),
  priceMinor: Money("the price the service starts at"),
  mediaUrl: z
    .url({ protocol: /^https$/, message: "use an https:// URL" })
    .max(2048)
    .nullable()
    .openapi({ description: "a picture shown with the result; null for none" }),
};

export const NewOpening = z
  .object({
    ...fields,
    description: fields.description.default(""),
    mediaUrl: fields.mediaUrl.default(null),
  })
  .openapi("NewOpening");

export const OpeningChange = z
  .object(fields)
  .partial()
  .refine((o) => Object.keys(o).length > 0, "send at least one field to change")
  .openapi("OpeningChange");

export const OpeningStatus = z.enum(["draft", "published", "disabled"]);

export const Opening = z
  .object({
    id: z.string().openapi({ example: "op_3f1c9a2b7d4e5f60" }),
    provider: z.string(),
    category: z.string(),
    title: z.string(),
    description: z.string(),
    lat: z.number(),
    lon: z.number(),
    radiusKm: z.number(),
    priceMinor: z.number().int(),
    mediaUrl: z.string().nullable(),
    status: OpeningStatus.openapi({
      description: "draft → published ⇄ disabled; only published openings are searchable",
    }),
    publishedAt: z.string().nullable().openapi({ description: "first publication" }),
    createdAt: z.string(),
    updatedAt: z.string(),
    search: SearchState,
  })
  .openapi("Opening");

export const OpeningParams = z.object({
  provider: Slug.openapi({ param: { name: "provider", in: "path" }, example: "florist" }),
  opening: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "opening", in: "path" }, example: "op_3f1c9a2b7d4e5f60" }),
});
