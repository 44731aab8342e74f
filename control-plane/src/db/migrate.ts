/**
 * `npm run db:migrate` (root or workspace): applies pending migrations to DATABASE_URL, or to
 * the PGlite directory PGLITE_DIR (default `.data/pglite` at the repo root, where `npm start`
 * keeps it). A relative PGLITE_DIR is taken from where npm was run, not the workspace folder.
 */
import { openDatabase, pgliteDir } from "./open.ts";

const url = process.env.DATABASE_URL || undefined;
const dataDir = pgliteDir();
const database = await openDatabase({ url, dataDir });
try {
  await database.migrate();
  console.log(`migrations applied to ${url ? new URL(url).pathname.slice(1) : dataDir}`);
} finally {
  await database.close();
}
