import { createRoute, z } from "@hono/zod-openapi";
import type { Database } from "../../db/open.ts";
import { ErrorBody, errorResponses, json } from "../../error.ts";
import { createRouter } from "../../router.ts";
import { OpeningParams } from "../openings/schemas.ts";
import { requireOpening } from "../openings/store.ts";
import { assertProviderAccess, requireProvider } from "../providers/store.ts";
import { previewRank } from "./rank.ts";

const PreviewQuery = z.object({
  q: z.string().max(200).optional().openapi({ example: "roses" }),
  lat: z.coerce
    .number()
    .min(-90)
    .max(90)
    .optional()
    .openapi({ description: "default: the opening's" }),
  lon: z.coerce.number().min(-180).max(180).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

const Preview = z
  .object({
    ranked: z.boolean().openapi({ description: "false: the opening is not searched (see reason)" }),
    reason: z.string().optional(),
    position: z.number().int().nullable().optional(),
    sponsored: z.boolean().optional(),
    matched: z.number().int().optional(),
    results: z
      .array(
        z.object({
          position: z.number().int(),
          opening: z.string(),
          title: z.string(),
          priceMinor: z.number().int(),
          distanceKm: z.number(),
          sponsored: z.boolean(),
          own: z.boolean().openapi({ description: "one of this provider's openings" }),
        }),
      )
      .optional(),
  })
  .openapi("RankPreview");

/** `GET …/openings/{opening}/rank`: where the opening would place for a search now. */
export function previewRoutes(deps: { db: Database }) {
  return createRouter().openapi(
    createRoute({
      method: "get",
      path: "/v1/providers/{provider}/openings/{opening}/rank",
      summary: "Where an opening ranks for a search now (worked out here; counts no impression)",
      security: [{ bearer: [] }],
      request: { params: OpeningParams, query: PreviewQuery },
      responses: {
        200: {
          description: "The search's results and the opening's place",
          content: json(Preview),
        },
        ...errorResponses,
        404: { description: "No such provider or opening", content: json(ErrorBody) },
      },
    }),
    async (c) => {
      const params = c.req.valid("param");
      assertProviderAccess(c.get("claims"), params.provider);
      const provider = await requireProvider(deps.db, params.provider);
      const opening = await requireOpening(deps.db, provider.id, params.opening);
      const { q, lat, lon, limit } = c.req.valid("query");
      const preview = await previewRank(deps.db, provider, opening, {
        q,
        lat: lat ?? opening.lat,
        lon: lon ?? opening.lon,
        limit,
      });
      return c.json(preview, 200);
    },
  );
}
