import type { EdgePublisher } from "./index.ts";

/**
 * Workers KV through the Cloudflare REST API, for a control plane running on Node: single
 * writes to `…/values/<key>`, many keys through `PUT …/bulk` (≤ 10,000 pairs and 100 MB per
 * request) and `POST …/bulk/delete`. Rate limits (429) and server errors are retried.
 */
export interface CloudflareKvOptions {
  accountId: string;
  namespaceId: string;
  apiToken: string;
  /** Defaults to https://api.cloudflare.com/client/v4 (tests point it at a local fake). */
  baseUrl?: string;
  /** Attempts per request, including the first (default 4). */
  attempts?: number;
}

const bulkMaxPairs = 10_000;
// Headroom under the 100 MB request limit for JSON framing and base64 growth.
const bulkMaxBytes = 90 * 2 ** 20;

export function cloudflareKvPublisher(options: CloudflareKvOptions): EdgePublisher {
  const base = (options.baseUrl ?? "https://api.cloudflare.com/client/v4").replace(/\/$/, "");
  const namespace = `${base}/accounts/${options.accountId}/storage/kv/namespaces/${options.namespaceId}`;
  const attempts = options.attempts ?? 4;
  const auth = { Authorization: `Bearer ${options.apiToken}` };

  async function send(what: string, url: string, init: RequestInit): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      let failure: string;
      let retryAfterSec = 0;
      try {
        const res = await fetch(url, { ...init, headers: { ...auth, ...init.headers } });
        const body = (await res.json().catch(() => null)) as CloudflareBody | null;
        if (res.ok && body?.success !== false) return body?.result;
        failure = `${res.status} ${describeErrors(body)}`;
        if (res.status !== 429 && res.status < 500)
          throw new Error(`Cloudflare KV ${what}: ${failure}`);
        retryAfterSec = Number(res.headers.get("retry-after")) || 0;
      } catch (error) {
        if (error instanceof Error && error.message.startsWith("Cloudflare KV")) throw error;
        failure = error instanceof Error ? error.message : String(error);
      }
      if (attempt >= attempts) {
        throw new Error(`Cloudflare KV ${what}: ${failure} (after ${attempts} attempts)`);
      }
      await sleep(Math.max(retryAfterSec * 1000, 250 * 2 ** (attempt - 1)));
    }
  }

  const valueUrl = (key: string) => `${namespace}/values/${encodeURIComponent(key)}`;

  return {
    async put(key, value) {
      await send(`put ${key}`, valueUrl(key), {
        method: "PUT",
        headers: { "Content-Type": "application/octet-stream" },
        // A copy backed by a plain ArrayBuffer, which every fetch typing accepts as a body.
        body: typeof value === "string" ? value : new Uint8Array(value),
      });
    },
    async delete(key) {
      await send(`delete ${key}`, valueUrl(key), { method: "DELETE" });
    },
    async putMany(entries) {
      for (const chunk of chunks(entries.map(toBulkPair), (pair) => pair.value.length)) {
        const result = (await send(`bulk write of ${chunk.length} keys`, `${namespace}/bulk`, {
          method: "PUT",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(chunk),
        })) as { unsuccessful_keys?: string[] } | undefined;
        const failed = result?.unsuccessful_keys ?? [];
        if (failed.length > 0) {
          throw new Error(`Cloudflare KV bulk write: ${failed.length} keys failed (${failed[0]}…)`);
        }
      }
    },
    async deleteMany(keys) {
      for (const chunk of chunks(keys, (key) => key.length)) {
        await send(`bulk delete of ${chunk.length} keys`, `${namespace}/bulk/delete`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(chunk),
        });
      }
    },
  };
}

/**
 * The REST publisher when CLOUDFLARE_ACCOUNT_ID, CLOUDFLARE_KV_NAMESPACE_ID and
 * CLOUDFLARE_API_TOKEN are all set; null when none is; an error naming what is missing otherwise.
 */
export function cloudflareKvPublisherFromEnv(
  env: Record<string, string | undefined> = process.env,
): EdgePublisher | null {
  const names = ["CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_KV_NAMESPACE_ID", "CLOUDFLARE_API_TOKEN"];
  const missing = names.filter((name) => !env[name]);
  if (missing.length === names.length) return null;
  if (missing.length > 0) {
    throw new Error(`set ${missing.join(" and ")} too, or none of the CLOUDFLARE_* variables`);
  }
  return cloudflareKvPublisher({
    accountId: env.CLOUDFLARE_ACCOUNT_ID as string,
    namespaceId: env.CLOUDFLARE_KV_NAMESPACE_ID as string,
    apiToken: env.CLOUDFLARE_API_TOKEN as string,
    baseUrl: env.CLOUDFLARE_API_BASE_URL,
  });
}

interface CloudflareBody {
  success?: boolean;
  errors?: { code: number; message: string }[];
  result?: unknown;
}

function describeErrors(body: CloudflareBody | null): string {
  const errors = body?.errors ?? [];
  return errors.length ? errors.map((e) => `${e.code} ${e.message}`).join("; ") : "no error detail";
}

interface BulkPair {
  key: string;
  value: string;
  base64?: true;
}

function toBulkPair([key, value]: readonly [string, Uint8Array | string]): BulkPair {
  return typeof value === "string"
    ? { key, value }
    : { key, value: Buffer.from(value).toString("base64"), base64: true };
}

function* chunks<T>(items: readonly T[], size: (item: T) => number): Generator<T[]> {
  let chunk: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const itemBytes = size(item) + 64;
    if (chunk.length === bulkMaxPairs || (chunk.length > 0 && bytes + itemBytes > bulkMaxBytes)) {
      yield chunk;
      chunk = [];
      bytes = 0;
    }
    chunk.push(item);
    bytes += itemBytes;
  }
  if (chunk.length > 0) yield chunk;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
