/**
 * Migrations as an operator runs them: `npm run db:migrate` against PGlite and Postgres, and
 * several control planes booting at once against one fresh database.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows, scratchDatabase } from "../../test/harness.ts";
import { type OpenDatabase, openDatabase } from "./open.ts";

const workspace = new URL("../..", import.meta.url).pathname;
const journal = JSON.parse(readFileSync(join(workspace, "drizzle/meta/_journal.json"), "utf8"));
const migrationCount: number = journal.entries.length;
const postgresUrl = process.env.DATABASE_URL;

/** What an operator sees: the tables exist and every migration is recorded once. */
async function expectMigrated(database: OpenDatabase) {
  const [row] = await queryRows<{ applied: number; tables: number }>(
    database.db,
    sql`SELECT (SELECT count(*)::int FROM drizzle.__drizzle_migrations) AS applied,
               (SELECT count(*)::int FROM information_schema.tables
                 WHERE table_schema = 'public' AND table_name IN ('events', 'subscribers', 'audit_log')) AS tables`,
  );
  expect(row).toEqual({ applied: migrationCount, tables: 3 });
}

/** `npm run db:migrate`, as an operator runs it from the repository root. */
function dbMigrate(env: Record<string, string>) {
  return promisify(execFile)("npm", ["run", "--silent", "db:migrate"], {
    cwd: join(workspace, ".."),
    env: { ...process.env, DATABASE_URL: "", ...env },
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "cp-migrations-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("npm run db:migrate", () => {
  it("migrates a PGlite directory, and a second run finds nothing to do", {
    timeout: 120_000,
  }, async () => {
    const dataDir = join(dir, "pglite");
    for (let run = 0; run < 2; run++) {
      const { stdout } = await dbMigrate({ PGLITE_DIR: dataDir });
      expect(stdout).toContain(`migrations applied to ${dataDir}`);
    }
    const database = await openDatabase({ dataDir });
    await expectMigrated(database);
    await database.close();
  });

  it.skipIf(!postgresUrl)(
    "migrates DATABASE_URL through the Neon driver",
    {
      timeout: 120_000,
    },
    async () => {
      const scratch = await scratchDatabase(postgresUrl as string);
      try {
        const { stdout } = await dbMigrate({ DATABASE_URL: scratch.url });
        expect(stdout).toContain(`migrations applied to ${scratch.name}`);
        const database = await openDatabase({ url: scratch.url });
        await expectMigrated(database);
        await database.close();
      } finally {
        await scratch.drop();
      }
    },
  );
});

describe("control planes booting at once", () => {
  it("PGlite: concurrent and repeated migrate() calls apply each migration once", async () => {
    const database = await openDatabase();
    await Promise.all([database.migrate(), database.migrate()]);
    await database.migrate();
    await expectMigrated(database);
    await database.close();
  });

  it.skipIf(!postgresUrl)(
    "Postgres: three processes' pools migrate one fresh database",
    {
      timeout: 60_000,
    },
    async () => {
      const scratch = await scratchDatabase(postgresUrl as string);
      const pools = await Promise.all([1, 2, 3].map(() => openDatabase({ url: scratch.url })));
      try {
        const results = await Promise.allSettled(pools.map((p) => p.migrate()));
        expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok"))).toEqual([
          "ok",
          "ok",
          "ok",
        ]);
        await expectMigrated(pools[0] as OpenDatabase);
      } finally {
        await Promise.all(pools.map((p) => p.close()));
        await scratch.drop();
      }
    },
  );
});
