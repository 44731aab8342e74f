import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type { Database } from "./open.ts";

const migrationsFolder = fileURLToPath(new URL("../../drizzle", import.meta.url));

/** pg_advisory_xact_lock key of the migrator: any constant every control plane shares. */
const migrationLock = 5_318_008_451;

/**
 * Applies the drizzle-kit migrations under control-plane/drizzle/ that the database lacks, with
 * drizzle's own bookkeeping (`drizzle.__drizzle_migrations`, a migration is pending when its
 * journal time is newer than the newest applied), in one transaction that first takes an
 * advisory lock. drizzle's migrator takes no lock, so two control planes booting at once
 * against one database raced and one crashed; now the second waits and finds nothing to do.
 */
export async function applyMigrations(db: Database): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder });
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${migrationLock})`);
    await tx.execute(sql`CREATE SCHEMA IF NOT EXISTS drizzle`);
    await tx.execute(sql`
      CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations
        (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`);
    const applied = (await tx.execute(
      sql`SELECT max(created_at) AS last FROM drizzle.__drizzle_migrations`,
    )) as unknown as { rows: { last: string | number | null }[] };
    const last = Number(applied.rows[0]?.last ?? 0);
    for (const migration of migrations) {
      if (migration.folderMillis <= last) continue;
      for (const statement of migration.sql) await tx.execute(sql.raw(statement));
      await tx.execute(sql`
        INSERT INTO drizzle.__drizzle_migrations (hash, created_at)
        VALUES (${migration.hash}, ${migration.folderMillis})`);
    }
  });
}
