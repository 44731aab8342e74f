import { createRoute, z } from "@hono/zod-openapi";
import { asc, eq } from "drizzle-orm";
import { audit } from "../../audit/index.ts";
import { assertOperator } from "../../auth/index.ts";
import type { Database } from "../../db/open.ts";
import { categories } from "../../db/schema.ts";
import { errorResponses, json } from "../../error.ts";
import type { EdgePublisher } from "../../publisher/index.ts";
import { createRouter, Slug } from "../../router.ts";
import { assertMarketplaceRole } from "../providers/store.ts";
import { publishScopes } from "../snapshot/publish.ts";
import { countriesWithDefaultRanking } from "../snapshot/ranking.ts";

const CategoryParams = z.object({
  category: Slug.openapi({ param: { name: "category", in: "path" }, example: "florist" }),
});

const Category = z
  .object({ id: z.string(), name: z.string(), createdAt: z.string() })
  .openapi("Category");

/**
 * Categories (`florist`, `hairdresser`) are the marketplace's search indexes: one snapshot per
 * country and category. Operators define them; a country's default Ranking covers new ones.
 */
export function categoryRoutes(deps: { db: Database; publisher: EdgePublisher }) {
  const { db } = deps;
  const security = [{ bearer: [] }];
  return createRouter()
    .openapi(
      createRoute({
        method: "put",
        path: "/v1/categories/{category}",
        summary: "Create or rename a category (operator only)",
        security,
        request: {
          params: CategoryParams,
          body: {
            content: json(z.object({ name: z.string().trim().min(1).max(200) })),
            required: true,
          },
        },
        responses: {
          200: { description: "Renamed", content: json(Category) },
          201: { description: "Created", content: json(Category) },
          ...errorResponses,
        },
      }),
      async (c) => {
        const claims = c.get("claims");
        assertOperator(claims);
        const { category } = c.req.valid("param");
        const { name } = c.req.valid("json");
        const { row, created } = await db.transaction(async (tx) => {
          const [existing] = await tx
            .select({ id: categories.id })
            .from(categories)
            .where(eq(categories.id, category));
          const [row] = await tx
            .insert(categories)
            .values({ id: category, name })
            .onConflictDoUpdate({ target: categories.id, set: { name } })
            .returning();
          await audit(tx, claims, {
            action: existing ? "category.rename" : "category.create",
            target: `category/${category}`,
            details: { name },
          });
          return { row: row as typeof categories.$inferSelect, created: !existing };
        });
        if (created) {
          // Countries with a default Ranking search the new category at once (empty at first).
          const countries = await countriesWithDefaultRanking(db);
          await publishScopes(
            deps,
            countries.map((country) => ({ country, category })),
          );
        }
        const body = { id: row.id, name: row.name, createdAt: row.createdAt.toISOString() };
        return created ? c.json(body, 201) : c.json(body, 200);
      },
    )
    .openapi(
      createRoute({
        method: "get",
        path: "/v1/categories",
        summary: "Every category",
        security,
        responses: {
          200: {
            description: "Categories",
            content: json(z.object({ categories: z.array(Category) })),
          },
          ...errorResponses,
        },
      }),
      async (c) => {
        assertMarketplaceRole(c.get("claims"));
        const rows = await db.select().from(categories).orderBy(asc(categories.id));
        const list = rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
        return c.json({ categories: list }, 200);
      },
    );
}
