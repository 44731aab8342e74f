import { createRoute, z } from "@hono/zod-openapi";
import { assertOperator } from "../auth/index.ts";
import type { Database } from "../db/open.ts";
import { ApiError, ErrorBody, errorResponses, json, reasonOf } from "../error.ts";
import type { EdgePublisher } from "../publisher/index.ts";
import { createRouter } from "../router.ts";
import { parseEvents } from "./schema.ts";
import type { EventSpool } from "./spool.ts";
import { storeEvents } from "./store.ts";

const Batch = z
  .strictObject({ events: z.array(z.unknown()).min(1).max(5000) })
  .openapi("EventBatch", { description: "edge queue messages' bodies, as sent" });

const Ingested = z
  .object({
    accepted: z.number().int().openapi({ description: "stored now, or spooled and stored later" }),
    inserted: z.number().int(),
    duplicates: z.number().int().openapi({ description: "ids already stored: not stored again" }),
    spooled: z.number().int().openapi({ description: "waiting for the database; will be stored" }),
    rejected: z.array(z.object({ index: z.number().int(), message: z.string() })),
  })
  .openapi("IngestResult");

/**
 * `POST /v1/events:batch`: the Node-mode stand-in for the Queue consumer. Once it answers 200
 * every accepted event is in Postgres or in the durable spool; a 503 means nothing was kept and
 * the sender must retry (ids make retries safe).
 */
export function eventRoutes(deps: { db: Database; publisher?: EdgePublisher; spool?: EventSpool }) {
  return createRouter().openapi(
    createRoute({
      method: "post",
      path: "/v1/events:batch",
      summary: "Ingest a batch of edge events idempotently (operators and service keys)",
      security: [{ bearer: [] }],
      request: { body: { content: json(Batch), required: true } },
      responses: {
        200: { description: "Accepted", content: json(Ingested) },
        ...errorResponses,
        503: { description: "Database down and no spool: retry later", content: json(ErrorBody) },
      },
    }),
    async (c) => {
      assertOperator(c.get("claims"));
      const { valid, rejected } = parseEvents(c.req.valid("json").events);
      const result = { accepted: valid.length, inserted: 0, duplicates: 0, spooled: 0, rejected };
      try {
        Object.assign(result, await storeEvents(deps, valid));
      } catch (error) {
        if (!deps.spool) {
          throw new ApiError(
            503,
            "database_unavailable",
            `events not stored (${reasonOf(error)}); retry`,
          );
        }
        await deps.spool.append(valid);
        result.spooled = valid.length;
      }
      return c.json(result, 200);
    },
  );
}
