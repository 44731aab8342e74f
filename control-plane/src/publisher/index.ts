/**
 * Where the control plane writes what the edge reads (KV layout in docs/control-plane.md).
 * Every write is idempotent: the same key and value may be written again at any time.
 */
export interface EdgePublisher {
  put(key: string, value: Uint8Array | string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Many keys at once (an import touches thousands of shards); order among them is not kept. */
  putMany(entries: readonly (readonly [string, Uint8Array | string])[]): Promise<void>;
  deleteMany(keys: readonly string[]): Promise<void>;
}

export type SingleKeyPublisher = Pick<EdgePublisher, "put" | "delete">;

/** Stores without a bulk call get `putMany`/`deleteMany` as parallel single writes, 16 at a time. */
export function withBulk(store: SingleKeyPublisher): EdgePublisher {
  return {
    put: (key, value) => store.put(key, value),
    delete: (key) => store.delete(key),
    putMany: (entries) => inParallel(entries, ([key, value]) => store.put(key, value)),
    deleteMany: (keys) => inParallel(keys, (key) => store.delete(key)),
  };
}

/**
 * After a failure no new write starts, and the failure is reported only once the writes
 * already under way have settled: a caller that then restores the previous pointers must not
 * race a write of the new ones still in flight (it could land last and win).
 */
async function inParallel<T>(items: readonly T[], write: (item: T) => Promise<void>) {
  let next = 0;
  let failed: { error: unknown } | undefined;
  const worker = async () => {
    while (!failed && next < items.length) {
      try {
        await write(items[next++] as T);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(16, items.length) }, worker));
  if (failed) throw failed.error;
}

/** The subset of a Workers KV namespace (or Miniflare's) that publishing needs. */
export interface KvNamespaceLike {
  put(key: string, value: string | ArrayBuffer | ArrayBufferView): Promise<unknown>;
  delete(key: string): Promise<unknown>;
}

/** A KV binding: the control plane deployed as a Worker, or local workerd through Miniflare. */
export function kvPublisher(kv: KvNamespaceLike): EdgePublisher {
  return withBulk({
    async put(key, value) {
      await kv.put(key, value);
    },
    async delete(key) {
      await kv.delete(key);
    },
  });
}

export {
  type CloudflareKvOptions,
  cloudflareKvPublisher,
  cloudflareKvPublisherFromEnv,
} from "./cloudflare.ts";
