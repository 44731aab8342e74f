import { createRoute, z } from "@hono/zod-openapi";
import { asc, eq, inArray } from "drizzle-orm";
import { audit } from "../../audit/index.ts";
import type { Claims } from "../../auth/index.ts";
import type { Database } from "../../db/open.ts";
import { type CampaignStatus, campaigns, openings } from "../../db/schema.ts";
import { ApiError, ErrorBody, errorResponses, json } from "../../error.ts";
import type { EdgePublisher } from "../../publisher/index.ts";
import { createRouter } from "../../router.ts";
import { requireCountry } from "../country.ts";
import { ProviderParams, type SearchState } from "../fields.ts";
import { newId } from "../ids.ts";
import { type OpeningRow, openingSearch, scopeOf } from "../openings/store.ts";
import { type ProviderRow, providerFor } from "../providers/store.ts";
import { publishScopes } from "../snapshot/publish.ts";
import { scopeId } from "../snapshot/ranking.ts";
import { paceCampaigns } from "../spend.ts";
import { Campaign, CampaignChange, CampaignParams, NewCampaign } from "./schemas.ts";
import {
  assertConsistent,
  type CampaignRow,
  presentCampaign,
  requireCampaign,
  scheduleColumns,
} from "./store.ts";

const notFound = { 404: { description: "No such provider or campaign", content: json(ErrorBody) } };
const conflict = { 409: { description: "Not possible in this status", content: json(ErrorBody) } };

/**
 * Ad campaigns: a budget (daily and total), a bid (max cost per click) and a schedule for one
 * opening, in the currency of the provider's country. Every change republishes the opening's
 * snapshot so the edge's auction sees it at once.
 */
export function campaignRoutes(deps: { db: Database; publisher: EdgePublisher }) {
  const { db } = deps;
  const security = [{ bearer: [] }];
  const base = "/v1/providers/{provider}/campaigns";

  async function load(claims: Claims, id: string) {
    const provider = await providerFor(db, claims, id);
    const country = await requireCountry(db, provider.country, "provider.country");
    return { provider, country };
  }

  /** The answers for campaigns of one provider, with pacing now and each opening's search state. */
  async function present(
    provider: ProviderRow,
    timeZone: string,
    list: CampaignRow[],
    published = new Map<string, SearchState>(),
  ) {
    const ids = [...new Set(list.map((c) => c.opening))];
    const rows = ids.length
      ? await db.select().from(openings).where(inArray(openings.id, ids))
      : [];
    const byId = new Map(rows.map((o) => [o.id, o]));
    const paced = await paceCampaigns(db, list, new Date(), timeZone);
    return Promise.all(
      paced.map(async (p) => {
        const opening = byId.get(p.campaign.opening) as OpeningRow;
        const state = published.get(scopeId(scopeOf(provider, opening)));
        const search = await openingSearch(db, provider, opening, state);
        return presentCampaign(p, opening, provider, search);
      }),
    );
  }

  /** Republishes the opening's snapshot if it is searchable, then answers with the campaign. */
  async function afterWrite(provider: ProviderRow, timeZone: string, campaign: CampaignRow) {
    const [opening] = await db.select().from(openings).where(eq(openings.id, campaign.opening));
    const live = opening?.status === "published" && provider.enabled;
    const published = live ? await publishScopes(deps, [scopeOf(provider, opening)]) : undefined;
    const [answer] = await present(provider, timeZone, [campaign], published);
    return answer as NonNullable<typeof answer>;
  }

  /** Pause or resume under the campaign's row lock (charges take the same lock). */
  async function setStatus(claims: Claims, params: z.infer<typeof CampaignParams>, pause: boolean) {
    const { provider, country } = await load(claims, params.provider);
    const row = await db.transaction(async (tx) => {
      const before = await requireCampaign(tx, provider.id, params.campaign, true);
      let status: CampaignStatus;
      if (pause) {
        if (before.status === "exhausted") {
          throw new ApiError(
            409,
            "invalid_transition",
            `campaign ${before.id} is exhausted: it is not running`,
          );
        }
        status = "paused";
      } else {
        if (before.status === "exhausted") {
          throw new ApiError(
            409,
            "invalid_transition",
            `campaign ${before.id} has spent its total budget; raise totalBudgetMinor (PATCH) to run it again`,
          );
        }
        status = "active";
      }
      if (status === before.status) return before;
      const [row] = await tx
        .update(campaigns)
        .set({ status, updatedAt: new Date() })
        .where(eq(campaigns.id, before.id))
        .returning();
      await audit(tx, claims, {
        action: pause ? "campaign.pause" : "campaign.resume",
        target: `campaign/${before.id}`,
        tenant: provider.id,
      });
      return row as CampaignRow;
    });
    return afterWrite(provider, country.timezone, row);
  }

  return createRouter()
    .openapi(
      createRoute({
        method: "post",
        path: base,
        summary: "Fund a campaign for one of the provider's openings",
        security,
        request: { params: ProviderParams, body: { content: json(NewCampaign), required: true } },
        responses: {
          201: { description: "Created (active)", content: json(Campaign) },
          ...errorResponses,
          ...notFound,
        },
      }),
      async (c) => {
        const claims = c.get("claims");
        const { provider, country } = await load(claims, c.req.valid("param").provider);
        const body = c.req.valid("json");
        if (body.currency !== undefined && body.currency !== country.currency) {
          const message = `campaigns of providers in ${country.code} are in ${country.currency}`;
          throw new ApiError(422, "invalid_request", message, [{ path: "currency", message }]);
        }
        const [opening] = await db
          .select({ id: openings.id, provider: openings.provider })
          .from(openings)
          .where(eq(openings.id, body.opening));
        if (opening?.provider !== provider.id) {
          const message = `provider ${provider.id} has no opening ${body.opening}`;
          throw new ApiError(422, "unknown_opening", message, [{ path: "opening", message }]);
        }
        const columns = {
          dailyBudgetMinor: body.dailyBudgetMinor,
          totalBudgetMinor: body.totalBudgetMinor,
          maxCpcMinor: body.maxCpcMinor,
          ...scheduleColumns(body.schedule, null, new Date()),
        };
        assertConsistent(columns);
        const row = await db.transaction(async (tx) => {
          const [row] = await tx
            .insert(campaigns)
            .values({
              id: newId("cmp"),
              provider: provider.id,
              opening: body.opening,
              name: body.name ?? null,
              currency: country.currency,
              ...columns,
            })
            .returning();
          const campaign = row as CampaignRow;
          await audit(tx, claims, {
            action: "campaign.create",
            target: `campaign/${campaign.id}`,
            tenant: provider.id,
            details: { opening: body.opening, ...columns },
          });
          return campaign;
        });
        return c.json(await afterWrite(provider, country.timezone, row), 201);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: base,
        summary: "The provider's campaigns with spend, today's budget and pacing",
        security,
        request: { params: ProviderParams },
        responses: {
          200: {
            description: "Campaigns",
            content: json(z.object({ campaigns: z.array(Campaign) })),
          },
          ...errorResponses,
          ...notFound,
        },
      }),
      async (c) => {
        const { provider, country } = await load(c.get("claims"), c.req.valid("param").provider);
        const list = await db
          .select()
          .from(campaigns)
          .where(eq(campaigns.provider, provider.id))
          .orderBy(asc(campaigns.createdAt), asc(campaigns.id));
        return c.json({ campaigns: await present(provider, country.timezone, list) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: `${base}/{campaign}`,
        summary: "One campaign",
        security,
        request: { params: CampaignParams },
        responses: {
          200: { description: "The campaign", content: json(Campaign) },
          ...errorResponses,
          ...notFound,
        },
      }),
      async (c) => {
        const params = c.req.valid("param");
        const { provider, country } = await load(c.get("claims"), params.provider);
        const row = await requireCampaign(db, provider.id, params.campaign);
        const [answer] = await present(provider, country.timezone, [row]);
        return c.json(answer as NonNullable<typeof answer>, 200);
      },
    )
    .openapi(
      createRoute({
        method: "patch",
        path: `${base}/{campaign}`,
        summary:
          "Change budgets, bid, schedule or name; raising the total revives an exhausted one",
        security,
        request: {
          params: CampaignParams,
          body: { content: json(CampaignChange), required: true },
        },
        responses: {
          200: { description: "Changed", content: json(Campaign) },
          ...errorResponses,
          ...notFound,
        },
      }),
      async (c) => {
        const claims = c.get("claims");
        const params = c.req.valid("param");
        const { provider, country } = await load(claims, params.provider);
        const change = c.req.valid("json");
        const row = await db.transaction(async (tx) => {
          const before = await requireCampaign(tx, provider.id, params.campaign, true);
          const columns = {
            dailyBudgetMinor: change.dailyBudgetMinor ?? before.dailyBudgetMinor,
            totalBudgetMinor: change.totalBudgetMinor ?? before.totalBudgetMinor,
            maxCpcMinor: change.maxCpcMinor ?? before.maxCpcMinor,
            ...scheduleColumns(change.schedule, before, new Date()),
          };
          assertConsistent(columns);
          const spent = before.spentMinor >= columns.totalBudgetMinor;
          const status: CampaignStatus =
            before.status === "paused" ? "paused" : spent ? "exhausted" : "active";
          const [row] = await tx
            .update(campaigns)
            .set({
              ...columns,
              ...(change.name !== undefined ? { name: change.name } : {}),
              status,
              updatedAt: new Date(),
            })
            .where(eq(campaigns.id, before.id))
            .returning();
          await audit(tx, claims, {
            action: "campaign.update",
            target: `campaign/${before.id}`,
            tenant: provider.id,
            details: { ...change, status },
          });
          return row as CampaignRow;
        });
        return c.json(await afterWrite(provider, country.timezone, row), 200);
      },
    )
    .openapi(
      createRoute({
        method: "post",
        path: `${base}/{campaign}/pause`,
        summary: "Stop showing the ad (idempotent); spend stays",
        security,
        request: { params: CampaignParams },
        responses: {
          200: { description: "Paused", content: json(Campaign) },
          ...errorResponses,
          ...notFound,
          ...conflict,
        },
      }),
      async (c) => c.json(await setStatus(c.get("claims"), c.req.valid("param"), true), 200),
    )
    .openapi(
      createRoute({
        method: "post",
        path: `${base}/{campaign}/resume`,
        summary: "Show the ad again (idempotent)",
        security,
        request: { params: CampaignParams },
        responses: {
          200: { description: "Active", content: json(Campaign) },
          ...errorResponses,
          ...notFound,
          ...conflict,
        },
      }),
      async (c) => c.json(await setStatus(c.get("claims"), c.req.valid("param"), false), 200),
    );
}
