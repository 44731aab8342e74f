import { createRoute, z } from "@hono/zod-openapi";
import { asc, eq } from "drizzle-orm";
import { audit } from "../../audit/index.ts";
import { scopeTenant } from "../../auth/index.ts";
import type { Database } from "../../db/open.ts";
import { openings, providers } from "../../db/schema.ts";
import { ApiError, ErrorBody, errorResponses, json } from "../../error.ts";
import type { EdgePublisher } from "../../publisher/index.ts";
import { createRouter } from "../../router.ts";
import { ensureTenant } from "../../tenants/store.ts";
import { countrySettings, requireCountry } from "../country.ts";
import { CountryCode, ProviderParams } from "../fields.ts";
import { publishScopes } from "../snapshot/publish.ts";
import {
  assertMarketplaceRole,
  assertProviderAccess,
  type ProviderRow,
  providerFor,
  providerScopes,
} from "./store.ts";

const SetProvider = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: "Blomsterhörnan" }),
    country: CountryCode.openapi({
      description: "an enabled country; fixes the currency and the days of budgets and reports",
    }),
    enabled: z
      .boolean()
      .optional()
      .openapi({ description: "operators only: false takes every opening out of search" }),
    rating: z
      .number()
      .min(0)
      .max(5)
      .nullable()
      .optional()
      .openapi({ description: "operators only: stars 0–5 from reviews" }),
    responseRate: z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .optional()
      .openapi({ description: "operators only: share of requests answered, 0–1" }),
  })
  .openapi("ProviderRequest");

const Provider = z
  .object({
    id: z.string(),
    name: z.string(),
    country: z.string(),
    currency: z.string().nullable().openapi({ description: "ISO 4217, from the Country file" }),
    timezone: z.string().nullable().openapi({
      description: "IANA zone, from the Country file: the days of budgets and reports are its days",
    }),
    enabled: z.boolean(),
    rating: z.number().nullable(),
    responseRate: z.number().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Provider");

const operatorFields = ["enabled", "rating", "responseRate"] as const;

/** Providers are tenants that sell in the marketplace (docs/marketplace.md, "API"). */
export function providerRoutes(deps: { db: Database; publisher: EdgePublisher }) {
  const { db } = deps;
  const security = [{ bearer: [] }];
  return createRouter()
    .openapi(
      createRoute({
        method: "put",
        path: "/v1/providers/{provider}",
        summary: "Create or update a provider (a tenant that sells in the marketplace)",
        security,
        request: { params: ProviderParams, body: { content: json(SetProvider), required: true } },
        responses: {
          200: { description: "Updated", content: json(Provider) },
          201: { description: "Created", content: json(Provider) },
          ...errorResponses,
          409: { description: "The country can no longer change", content: json(ErrorBody) },
        },
      }),
      async (c) => {
        const claims = c.get("claims");
        const { provider: id } = c.req.valid("param");
        assertProviderAccess(claims, id);
        const body = c.req.valid("json");
        const reserved = operatorFields.filter((f) => body[f] !== undefined);
        if (reserved.length > 0 && claims.role !== "operator") {
          throw new ApiError(403, "forbidden", `only an operator may set ${reserved.join(", ")}`);
        }
        await requireCountry(db, body.country);
        const { row, created, searchChanged } = await db.transaction(async (tx) => {
          const [existing] = await tx
            .select()
            .from(providers)
            .where(eq(providers.id, id))
            .for("update");
          if (existing && existing.country !== body.country) await assertNoOpenings(tx, existing);
          await ensureTenant(tx, id);
          const values = {
            name: body.name,
            country: body.country,
            ...Object.fromEntries(reserved.map((f) => [f, body[f]])),
            updatedAt: new Date(),
          };
          const [row] = await tx
            .insert(providers)
            .values({ id, ...values })
            .onConflictDoUpdate({ target: providers.id, set: values })
            .returning();
          await audit(tx, claims, {
            action: existing ? "provider.update" : "provider.create",
            target: `provider/${id}`,
            tenant: id,
            details: { ...body },
          });
          return {
            row: row as ProviderRow,
            created: !existing,
            searchChanged: reserved.length > 0,
          };
        });
        if (searchChanged) await publishScopes(deps, await providerScopes(db, row));
        const answer = await present(db, row);
        return created ? c.json(answer, 201) : c.json(answer, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/v1/providers",
        summary: "Providers the token may see: all for operators, its own for a provider",
        security,
        responses: {
          200: {
            description: "Providers",
            content: json(z.object({ providers: z.array(Provider) })),
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        const claims = c.get("claims");
        assertMarketplaceRole(claims);
        const tenant = scopeTenant(claims, undefined);
        const rows = await db
          .select()
          .from(providers)
          .where(tenant === undefined ? undefined : eq(providers.id, tenant))
          .orderBy(asc(providers.id));
        return c.json({ providers: await Promise.all(rows.map((r) => present(db, r))) }, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/v1/providers/{provider}",
        summary: "One provider",
        security,
        request: { params: ProviderParams },
        responses: {
          200: { description: "The provider", content: json(Provider) },
          ...errorResponses,
          404: { description: "No such provider", content: json(ErrorBody) },
        },
      }),
      async (c) => {
        const { provider } = c.req.valid("param");
        return c.json(await present(db, await providerFor(db, c.get("claims"), provider)), 200);
      },
    );
}

async function assertNoOpenings(db: Database, provider: ProviderRow): Promise<void> {
  const [any] = await db
    .select({ id: openings.id })
    .from(openings)
    .where(eq(openings.provider, provider.id))
    .limit(1);
  if (any) {
    throw new ApiError(
      409,
      "country_fixed",
      `provider ${provider.id} has openings in ${provider.country}; its country cannot change (create another provider for another country)`,
      [{ path: "country", message: `stays ${provider.country}` }],
    );
  }
}

async function present(db: Database, row: ProviderRow) {
  const country = await countrySettings(db, row.country);
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    currency: country?.currency ?? null,
    timezone: country?.timezone ?? null,
    enabled: row.enabled,
    rating: row.rating,
    responseRate: row.responseRate,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
