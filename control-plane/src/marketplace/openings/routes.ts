import { createRoute, z } from "@hono/zod-openapi";
import { and, asc, eq } from "drizzle-orm";
import { audit } from "../../audit/index.ts";
import type { Claims } from "../../auth/index.ts";
import type { Database } from "../../db/open.ts";
import { openings, type OpeningStatus as Status } from "../../db/schema.ts";
import { ApiError, ErrorBody, errorResponses, json } from "../../error.ts";
import type { EdgePublisher } from "../../publisher/index.ts";
import { createRouter } from "../../router.ts";
import { requireCountry } from "../country.ts";
import { ProviderParams } from "../fields.ts";
import { newId } from "../ids.ts";
import { type ProviderRow, providerFor } from "../providers/store.ts";
import { publishScopes } from "../snapshot/publish.ts";
import { scopeId } from "../snapshot/ranking.ts";
import { NewOpening, Opening, OpeningChange, OpeningParams, OpeningStatus } from "./schemas.ts";
import {
  type OpeningRow,
  openingSearch,
  presentOpening,
  requireCategory,
  requireOpening,
  scopeOf,
} from "./store.ts";

const notFound = { 404: { description: "No such provider or opening", content: json(ErrorBody) } };
const conflict = { 409: { description: "Not possible in this status", content: json(ErrorBody) } };

/**
 * Service openings of a provider: created as drafts, published into search, disabled (and
 * published again). Every change to a published opening republishes its snapshot at once.
 */
export function openingRoutes(deps: { db: Database; publisher: EdgePublisher }) {
  const { db } = deps;
  const security = [{ bearer: [] }];
  const base = "/v1/providers/{provider}/openings";

  /** Republishes the scopes the opening was and is in; its search state after that. */
  async function afterWrite(provider: ProviderRow, before: OpeningRow | null, after: OpeningRow) {
    const scopes = [before, after]
      .filter((o): o is OpeningRow => o?.status === "published")
      .map((o) => scopeOf(provider, o));
    const states = await publishScopes(deps, scopes);
    const state = states.get(scopeId(scopeOf(provider, after)));
    return presentOpening(after, await openingSearch(db, provider, after, state));
  }

  /** Moves an opening to `status`; `from` lists where it may come from. */
  async function transition(
    claims: Claims,
    params: { provider: string; opening: string },
    status: Status,
    from: readonly Status[],
  ) {
    const provider = await providerFor(db, claims, params.provider);
    if (status === "published") await requireCountry(db, provider.country, "provider.country");
    const { before, after } = await db.transaction(async (tx) => {
      const before = await requireOpening(tx, provider.id, params.opening, true);
      if (before.status === status) return { before, after: before };
      if (!from.includes(before.status)) {
        throw new ApiError(
          409,
          "invalid_transition",
          `opening ${before.id} is ${before.status}; it can become ${status} only from ${from.join(" or ")}`,
        );
      }
      const [after] = await tx
        .update(openings)
        .set({
          status,
          publishedAt: before.publishedAt ?? (status === "published" ? new Date() : null),
          updatedAt: new Date(),
        })
        .where(eq(openings.id, before.id))
        .returning();
      await audit(tx, claims, {
        action: status === "published" ? "opening.publish" : "opening.disable",
        target: `opening/${before.id}`,
        tenant: provider.id,
        details: { from: before.status },
      });
      return { before, after: after as OpeningRow };
    });
    return afterWrite(provider, before, after);
  }

  return createRouter()
    .openapi(
      createRoute({
        method: "post",
        path: base,
        summary: "Create an opening (a draft: not searchable until published)",
        security,
        request: { params: ProviderParams, body: { content: json(NewOpening), required: true } },
        responses: {
          201: { description: "Created as a draft", content: json(Opening) },
          ...errorResponses,
          ...notFound,
        },
      }),
      async (c) => {
        const claims = c.get("claims");
        const params = c.req.valid("param");
        const provider = await providerFor(db, claims, params.provider);
        const body = c.req.valid("json");
        await requireCategory(db, body.category);
        const row = await db.transaction(async (tx) => {
          const [row] = await tx
            .insert(openings)
            .values({ id: newId("op"), provider: provider.id, ...body })
            .returning();
          const opening = row as OpeningRow;
          await audit(tx, claims, {
            action: "opening.create",
            target: `opening/${opening.id}`,
            tenant: provider.id,
            details: { category: body.category, title: body.title },
          });
          return opening;
        });
        return c.json(presentOpening(row, await openingSearch(db, provider, row)), 201);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: base,
        summary: "The provider's openings, oldest first",
        security,
        request: {
          params: ProviderParams,
          query: z.object({ status: OpeningStatus.optional() }),
        },
        responses: {
          200: { description: "Openings", content: json(z.object({ openings: z.array(Opening) })) },
          ...errorResponses,
          ...notFound,
        },
      }),
      async (c) => {
        const provider = await providerFor(db, c.get("claims"), c.req.valid("param").provider);
        const { status } = c.req.valid("query");
        const rows = await db
          .select()
          .from(openings)
          .where(
            and(
              eq(openings.provider, provider.id),
              status ? eq(openings.status, status) : undefined,
            ),
          )
          .orderBy(asc(openings.createdAt), asc(openings.id));
        const list = await Promise.all(
          rows.map(async (r) => presentOpening(r, await openingSearch(db, provider, r))),
        );
        return c.json({ openings: list }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: `${base}/{opening}`,
        summary: "One opening, with whether the edge searches it",
        security,
        request: { params: OpeningParams },
        responses: {
          200: { description: "The opening", content: json(Opening) },
          ...errorResponses,
          ...notFound,
        },
      }),
      async (c) => {
        const params = c.req.valid("param");
        const provider = await providerFor(db, c.get("claims"), params.provider);
        const row = await requireOpening(db, provider.id, params.opening);
        return c.json(presentOpening(row, await openingSearch(db, provider, row)), 200);
      },
    )
    .openapi(
      createRoute({
        method: "patch",
        path: `${base}/{opening}`,
        summary: "Change fields of an opening; a published one is republished at once",
        security,
        request: { params: OpeningParams, body: { content: json(OpeningChange), required: true } },
        responses: {
          200: { description: "Changed", content: json(Opening) },
          ...errorResponses,
          ...notFound,
        },
      }),
      async (c) => {
        const claims = c.get("claims");
        const params = c.req.valid("param");
        const provider = await providerFor(db, claims, params.provider);
        const change = c.req.valid("json");
        if (change.category) await requireCategory(db, change.category);
        const { before, after } = await db.transaction(async (tx) => {
          const before = await requireOpening(tx, provider.id, params.opening, true);
          const [after] = await tx
            .update(openings)
            .set({ ...change, updatedAt: new Date() })
            .where(eq(openings.id, before.id))
            .returning();
          await audit(tx, claims, {
            action: "opening.update",
            target: `opening/${before.id}`,
            tenant: provider.id,
            details: { fields: Object.keys(change) },
          });
          return { before, after: after as OpeningRow };
        });
        return c.json(await afterWrite(provider, before, after), 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: `${base}/{opening}/publish`,
        summary: "Publish a draft or disabled opening into search (idempotent)",
        security,
        request: { params: OpeningParams },
        responses: {
          200: { description: "Published", content: json(Opening) },
          ...errorResponses,
          ...notFound,
          ...conflict,
        },
      }),
      async (c) => {
        const params = c.req.valid("param");
        return c.json(
          await transition(c.get("claims"), params, "published", ["draft", "disabled"]),
          200,
        );
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: `${base}/{opening}/disable`,
        summary: "Take a published opening out of search (idempotent)",
        security,
        request: { params: OpeningParams },
        responses: {
          200: { description: "Disabled", content: json(Opening) },
          ...errorResponses,
          ...notFound,
          ...conflict,
        },
      }),
      async (c) => {
        const params = c.req.valid("param");
        return c.json(await transition(c.get("claims"), params, "disabled", ["published"]), 200);
      },
    );
}
