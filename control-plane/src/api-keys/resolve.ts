import { eq } from "drizzle-orm";
import { secretMatches } from "../auth/api-key.ts";
import type { ApiKeyResolver } from "../auth/index.ts";
import type { Database } from "../db/open.ts";
import { apiKeys } from "../db/schema.ts";

/** API keys as bearer credentials: claims of the key's role and tenant while it is not revoked. */
export function apiKeyResolver(db: Database): ApiKeyResolver {
  return async function resolveApiKey({ id, secret }) {
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
    if (!row || row.revokedAt || !secretMatches(secret, row.secretHash)) return null;
    return {
      sub: `key:${row.id}`,
      role: row.role,
      ...(row.tenant ? { tenant: row.tenant } : {}),
      // Keys do not expire; revocation is checked on every request instead.
      exp: Number.MAX_SAFE_INTEGER,
    };
  };
}
