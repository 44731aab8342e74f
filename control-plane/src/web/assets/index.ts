/**
 * The app's only static files (one stylesheet, one script, an icon), read once and served by the
 * app itself with a content hash in the URL: no CDN, no web fonts, works offline.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Hono } from "hono";

interface Asset {
  body: string;
  type: string;
  hash: string;
}

function load(file: string, type: string): Asset {
  const body = readFileSync(new URL(file, import.meta.url), "utf8");
  return { body, type, hash: createHash("sha256").update(body).digest("hex").slice(0, 10) };
}

const assets: Record<string, Asset> = {
  "app.css": load("./app.css", "text/css; charset=utf-8"),
  "app.js": load("./app.js", "text/javascript; charset=utf-8"),
  "icon.svg": load("./icon.svg", "image/svg+xml"),
};

/** `/app/assets/<file>?v=<hash>`: a new hash per content, so browsers may cache for long. */
export function assetUrl(file: keyof typeof assets & string): string {
  return `/app/assets/${file}?v=${assets[file]?.hash ?? ""}`;
}

export const assetRoutes = new Hono().get("/assets/:file", (c) => {
  const asset = assets[c.req.param("file")];
  if (!asset) return c.text("no such asset", 404);
  const immutable = c.req.query("v") === asset.hash;
  return c.body(asset.body, 200, {
    "content-type": asset.type,
    "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
    "x-content-type-options": "nosniff",
  });
});
