/** Where the control plane writes what the edge reads (see the KV layout in docs). */
export interface EdgePublisher {
  put(key: string, value: Uint8Array | string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** The subset of a Workers KV namespace (or Miniflare's) that publishing needs. */
export interface KvNamespaceLike {
  put(key: string, value: string | ArrayBuffer | ArrayBufferView): Promise<unknown>;
  delete(key: string): Promise<unknown>;
}

export function kvPublisher(kv: KvNamespaceLike): EdgePublisher {
  return {
    async put(key, value) {
      await kv.put(key, value);
    },
    async delete(key) {
      await kv.delete(key);
    },
  };
}
