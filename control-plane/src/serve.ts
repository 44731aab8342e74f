/**
 * `npm run serve -w @switchboard/control-plane`: the control plane as a production Node server,
 * configured by the environment, publishing to Workers KV through the Cloudflare REST API.
 *
 *   JWT_SECRET                  HS256 key of access tokens (required, at least 32 characters)
 *   CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_KV_NAMESPACE_ID, CLOUDFLARE_API_TOKEN
 *                               the edge's KV namespace (required; CLOUDFLARE_API_BASE_URL
 *                               overrides https://api.cloudflare.com/client/v4)
 *   DATABASE_URL                postgres://… (Neon: the pooler host); else PGlite in PGLITE_DIR
 *   PGLITE_DIR                  default .data/pglite at the repo root
 *   EVENT_SPOOL_DIR             where event batches wait while Postgres is down
 *   PORT (8788), HOST (127.0.0.1)
 *
 * Prints one JSON line when it listens; SIGTERM / SIGINT close it cleanly (spool flushed).
 */
import { pgliteDir } from "./db/open.ts";
import { startControlPlane } from "./node.ts";
import { cloudflareKvPublisherFromEnv } from "./publisher/index.ts";

function serveOptions(env: Record<string, string | undefined>) {
  const problems: string[] = [];
  const jwtSecret = env.JWT_SECRET ?? "";
  if (jwtSecret.length < 32) problems.push("set JWT_SECRET to at least 32 random characters");
  let publisher = null;
  try {
    publisher = cloudflareKvPublisherFromEnv(env);
    if (!publisher) {
      problems.push(
        "set CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_KV_NAMESPACE_ID and CLOUDFLARE_API_TOKEN (the edge's KV)",
      );
    }
  } catch (error) {
    problems.push((error as Error).message);
  }
  const port = Number(env.PORT ?? 8788);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) problems.push("PORT is not a port");
  if (problems.length > 0 || !publisher) return { ok: false as const, problems };
  return {
    ok: true as const,
    options: {
      port,
      hostname: env.HOST ?? "127.0.0.1",
      databaseUrl: env.DATABASE_URL || undefined,
      dataDir: env.DATABASE_URL ? undefined : pgliteDir(env),
      spoolDir: env.EVENT_SPOOL_DIR || undefined,
      publisher,
      jwtSecret,
    },
  };
}

const config = serveOptions(process.env);
if (!config.ok) {
  for (const problem of config.problems) console.error(`control plane: ${problem}`);
  process.exit(2);
}
const server = await startControlPlane(config.options);
console.log(JSON.stringify({ msg: "listening", url: server.url, pid: process.pid }));
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
