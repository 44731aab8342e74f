import { createRoute, z } from "@hono/zod-openapi";
import { asc, eq } from "drizzle-orm";
import { audit } from "../audit/index.ts";
import { assertOperator } from "../auth/index.ts";
import type { Database } from "../db/open.ts";
import { carriers } from "../db/schema.ts";
import { ApiError, ErrorBody, errorResponses, json } from "../error.ts";
import type { EdgePublisher } from "../publisher/index.ts";
import { createRouter, Slug } from "../router.ts";

const CarrierParams = z.object({
  carrierId: Slug.openapi({ param: { name: "carrierId", in: "path" }, example: "dev" }),
});

const SetSecret = z
  .object({
    secret: z
      .string()
      .min(8, "use a secret of at least 8 characters")
      .max(256)
      .openapi({ description: "HMAC-SHA256 key the carrier signs webhooks with" }),
  })
  .openapi("CarrierSecret");

const Carrier = z
  .object({
    carrierId: z.string(),
    activeSecrets: z.number().int().openapi({ description: "1, or 2 during a rotation" }),
  })
  .openapi("Carrier");

const CarrierSummary = Carrier.extend({
  createdAt: z.string().openapi({ format: "date-time" }),
  rotatedAt: z.string().openapi({ format: "date-time", description: "last secret change" }),
}).openapi("CarrierSummary");

/** Secrets stay valid in pairs: the new one first, the one it replaces until the next rotation. */
const maxActiveSecrets = 2;

export function carrierRoutes(deps: { db: Database; publisher: EdgePublisher }) {
  const setSecret = createRoute({
    method: "put",
    path: "/v1/carriers/{carrierId}",
    summary: "Create a carrier or rotate its webhook secret (operator only)",
    security: [{ bearer: [] }],
    request: { params: CarrierParams, body: { content: json(SetSecret), required: true } },
    responses: {
      200: { description: "Secret rotated; the previous one stays active", content: json(Carrier) },
      201: { description: "Carrier created", content: json(Carrier) },
      ...errorResponses,
      502: {
        description: "The edge store write failed; nothing changed",
        content: json(ErrorBody),
      },
    },
  });

  return createRouter()
    .openapi(setSecret, async (c) => {
      const { carrierId } = c.req.valid("param");
      const { secret } = c.req.valid("json");
      const claims = c.get("claims");
      assertOperator(claims);

      const result = await deps.db.transaction(async (tx) => {
        const [existing] = await tx
          .select()
          .from(carriers)
          .where(eq(carriers.id, carrierId))
          .for("update");
        const previous = (existing?.secrets ?? []).filter((s) => s !== secret);
        const secrets = [secret, ...previous].slice(0, maxActiveSecrets);
        const row = { secrets, rotatedAt: new Date() };
        await tx
          .insert(carriers)
          .values({ id: carrierId, ...row })
          .onConflictDoUpdate({ target: carriers.id, set: row });
        await audit(tx, claims, {
          action: existing ? "carrier.rotate" : "carrier.create",
          target: `carrier/${carrierId}`,
          details: { activeSecrets: secrets.length }, // never the secrets themselves
        });
        // Last, so a failed edge write rolls the database back with it.
        try {
          await deps.publisher.put(`carrier/${carrierId}`, JSON.stringify({ secrets }));
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          throw new ApiError(502, "publish_failed", `writing to the edge store failed (${reason})`);
        }
        return { created: !existing, activeSecrets: secrets.length };
      });

      const body = { carrierId, activeSecrets: result.activeSecrets };
      return result.created ? c.json(body, 201) : c.json(body, 200);
    })
    .openapi(
      createRoute({
        method: "get",
        path: "/v1/carriers",
        summary: "Carriers and how many secrets each has active (operator only; never the secrets)",
        security: [{ bearer: [] }],
        responses: {
          200: {
            description: "Carriers by id",
            content: json(z.object({ carriers: z.array(CarrierSummary) })),
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        assertOperator(c.get("claims"));
        const rows = await deps.db.select().from(carriers).orderBy(asc(carriers.id));
        const list = rows.map((row) => ({
          carrierId: row.id,
          activeSecrets: row.secrets.length,
          createdAt: row.createdAt.toISOString(),
          rotatedAt: row.rotatedAt.toISOString(),
        }));
        return c.json({ carriers: list }, 200);
      },
    );
}
