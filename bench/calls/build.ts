// Builds the constant worker the way the edge is built (wrangler deploy --dry-run).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../", import.meta.url));

export const EDGE_DIST = join(repo, "edge/dist");

/** The edge must be built first (`npm run bench` builds it; or `npm run build`). */
export function requireEdgeBuild(): void {
  if (!existsSync(join(EDGE_DIST, "index.js"))) {
    throw new Error(
      "edge/dist/index.js is missing: run `npm run build` first (npm run bench does)",
    );
  }
}

/** The constant-answer worker (the ceiling), built like the edge; its output directory. */
export function buildConstantWorker(): string {
  return buildBaseline("constant");
}

/** The hand-written webhook (the required work alone), built like the edge. */
export function buildHandwrittenWebhook(): string {
  return buildBaseline("handwritten");
}

function buildBaseline(name: "constant" | "handwritten"): string {
  const dir = mkdtempSync(join(tmpdir(), `switchboard-${name}-`));
  const config = join(dir, "wrangler.toml");
  writeFileSync(
    config,
    `name = "${name}"\nmain = ${JSON.stringify(join(repo, `bench/calls/${name}/index.ts`))}\ncompatibility_date = "2026-04-26"\ncompatibility_flags = ["nodejs_compat"]\nkeep_names = false\n`,
  );
  const out = join(dir, "dist");
  const run = spawnSync(
    join(repo, "node_modules/.bin/wrangler"),
    ["deploy", "--dry-run", "--outdir", out, "--config", config],
    {
      cwd: repo,
      encoding: "utf8",
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        WRANGLER_SEND_ERROR_REPORTS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_HIDE_BANNER: "true",
      },
    },
  );
  if (run.status !== 0) throw new Error(`building the ${name} worker failed:\n${run.stderr}`);
  return out;
}
