/** Immutable bundles (`bundle/<sha256>`): fetched by hash, checked against it, then loaded. */
import { BundleError } from "@switchboard/wasm";
import type { Budget } from "../budget.ts";
import { kvRead, StoreFault } from "./fault.ts";

/** The bytes stored at `bundle/<hash>`, proven to hash to `hash`. */
export async function fetchBundle(
  kv: KVNamespace,
  hash: string,
  budget: Budget,
): Promise<Uint8Array> {
  const key = `bundle/${hash}`;
  const bytes = await kvRead(() => budget.race(kv.get(key, "arrayBuffer"), "bundle read"), key);
  if (bytes === null) throw new StoreFault("bundle_missing", `${key} is not in the edge store`);
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  if (hex(new Uint8Array(digest)) !== hash) {
    throw new StoreFault("bundle_corrupt", `${key}: the bytes do not hash to ${hash}`);
  }
  return new Uint8Array(bytes);
}

/** Runs a host `load`, turning the engine's refusal into a `bundle_corrupt` StoreFault. */
export function loadBundle<T>(hash: string, load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof BundleError) {
      throw new StoreFault("bundle_corrupt", `bundle/${hash}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function hex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}
