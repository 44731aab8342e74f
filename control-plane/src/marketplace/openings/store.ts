import { and, eq } from "drizzle-orm";
import type { Database } from "../../db/open.ts";
import { categories, openings } from "../../db/schema.ts";
import { ApiError } from "../../error.ts";
import type { SearchState } from "../fields.ts";
import type { ProviderRow } from "../providers/store.ts";
import { readScopeState } from "../snapshot/publish.ts";
import type { Scope } from "../snapshot/ranking.ts";

export type OpeningRow = typeof openings.$inferSelect;

/** The provider's opening, locked for the transaction when `lock`; 404 if it has none by that id. */
export async function requireOpening(
  db: Database,
  provider: string,
  id: string,
  lock = false,
): Promise<OpeningRow> {
  const query = db
    .select()
    .from(openings)
    .where(and(eq(openings.provider, provider), eq(openings.id, id)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new ApiError(404, "not_found", `provider ${provider} has no opening ${id}`);
  return row;
}

export async function requireCategory(db: Database, category: string): Promise<void> {
  const [row] = await db.select().from(categories).where(eq(categories.id, category));
  if (row) return;
  const message = `no category "${category}"; GET /v1/categories lists them (operators add more)`;
  throw new ApiError(422, "unknown_category", message, [{ path: "category", message }]);
}

export const scopeOf = (provider: ProviderRow, opening: OpeningRow): Scope => ({
  country: provider.country,
  category: opening.category,
});

/**
 * Whether the edge searches this opening: its own state first, then its scope's (from a
 * publish just made, else from the last one).
 */
export async function openingSearch(
  db: Database,
  provider: ProviderRow,
  opening: OpeningRow,
  published?: SearchState,
): Promise<SearchState> {
  if (opening.status === "draft") {
    return {
      searchable: false,
      reason: `a draft is not searchable; publish it with POST /v1/providers/${provider.id}/openings/${opening.id}/publish`,
    };
  }
  if (opening.status === "disabled") {
    return { searchable: false, reason: "disabled; publish it again to make it searchable" };
  }
  if (!provider.enabled) {
    return {
      searchable: false,
      reason: `provider ${provider.id} is disabled by an operator; none of its openings are searchable`,
    };
  }
  return published ?? readScopeState(db, scopeOf(provider, opening), opening.updatedAt);
}

export function presentOpening(row: OpeningRow, search: SearchState) {
  return {
    id: row.id,
    provider: row.provider,
    category: row.category,
    title: row.title,
    description: row.description,
    lat: row.lat,
    lon: row.lon,
    radiusKm: row.radiusKm,
    priceMinor: row.priceMinor,
    mediaUrl: row.mediaUrl,
    status: row.status,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    search,
  };
}
