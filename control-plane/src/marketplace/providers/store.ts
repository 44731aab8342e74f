import { and, eq } from "drizzle-orm";
import { assertTenantAccess, type Claims } from "../../auth/index.ts";
import type { Database } from "../../db/open.ts";
import { openings, providers } from "../../db/schema.ts";
import { ApiError } from "../../error.ts";
import type { Scope } from "../snapshot/ranking.ts";

export type ProviderRow = typeof providers.$inferSelect;

/** Operators act on every provider; a `provider` user on its own tenant's only; others never. */
export function assertProviderAccess(claims: Claims, provider: string): void {
  assertTenantAccess(claims, provider, ["provider"]);
}

/** The provider a request names, once the token may act on it (403), if it exists (404). */
export async function providerFor(db: Database, claims: Claims, id: string): Promise<ProviderRow> {
  assertProviderAccess(claims, id);
  return requireProvider(db, id);
}

/** Lists are scoped by role: operators see all, providers their own, PBX admins nothing. */
export function assertMarketplaceRole(claims: Claims): void {
  if (claims.role === "pbx_admin") {
    throw new ApiError(403, "forbidden", "role pbx_admin has no access to the marketplace");
  }
}

export async function findProvider(db: Database, id: string): Promise<ProviderRow | undefined> {
  const [row] = await db.select().from(providers).where(eq(providers.id, id));
  return row;
}

export async function requireProvider(db: Database, id: string): Promise<ProviderRow> {
  const row = await findProvider(db, id);
  if (!row) {
    throw new ApiError(
      404,
      "not_found",
      `provider ${id} does not exist; create it with PUT /v1/providers/${id}`,
    );
  }
  return row;
}

/** The scopes the provider's published openings are searched in. */
export async function providerScopes(db: Database, provider: ProviderRow): Promise<Scope[]> {
  const rows = await db
    .selectDistinct({ category: openings.category })
    .from(openings)
    .where(and(eq(openings.provider, provider.id), eq(openings.status, "published")));
  return rows.map((r) => ({ country: provider.country, category: r.category }));
}
