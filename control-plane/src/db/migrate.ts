/**
 * `npm run db:migrate -w @switchboard/control-plane`: applies pending migrations to
 * DATABASE_URL, or to the PGlite directory PGLITE_DIR (default `.data/pglite` at the repo root).
 */
import { fileURLToPath } from "node:url";
import { openDatabase } from "./open.ts";

const url = process.env.DATABASE_URL || undefined;
const dataDir =
  process.env.PGLITE_DIR ?? fileURLToPath(new URL("../../../.data/pglite", import.meta.url));
const database = await openDatabase({ url, dataDir });
try {
  await database.migrate();
  console.log(`migrations applied to ${url ? new URL(url).pathname.slice(1) : dataDir}`);
} finally {
  await database.close();
}
