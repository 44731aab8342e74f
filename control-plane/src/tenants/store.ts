import type { Database } from "../db/open.ts";
import { tenants } from "../db/schema.ts";

/** Tenants come into being on first use (an upload, a user, an import); idempotent. */
export async function ensureTenant(db: Database, id: string): Promise<void> {
  await db.insert(tenants).values({ id }).onConflictDoNothing();
}
