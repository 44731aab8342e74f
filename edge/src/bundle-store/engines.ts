/**
 * Engines by bundle hash. Bundles are immutable, so an engine loaded once serves
 * every call pinned to that hash for the isolate's life (within a bounded LRU).
 */
import { PbxEngine } from "@switchboard/wasm";
import type { Budget } from "../budget.ts";
import { Lru } from "../lru.ts";
import { fetchBundle, loadBundle } from "./fetch.ts";

const engines = new Lru<string, PbxEngine>(64);
// Concurrent first requests for one hash share one fetch and load.
const loading = new Map<string, Promise<PbxEngine>>();
/** The last hash that answered for a DID here: the fallback when its bundle fails. */
const lastGood = new Lru<string, string>(10_000);

export async function engineFor(
  kv: KVNamespace,
  module: WebAssembly.Module,
  hash: string,
  budget: Budget,
): Promise<PbxEngine> {
  const cached = engines.get(hash);
  if (cached) return cached;
  let pending = loading.get(hash);
  if (!pending) {
    pending = load(kv, module, hash, budget).finally(() => loading.delete(hash));
    loading.set(hash, pending);
  }
  return pending;
}

async function load(
  kv: KVNamespace,
  module: WebAssembly.Module,
  hash: string,
  budget: Budget,
): Promise<PbxEngine> {
  const bytes = await fetchBundle(kv, hash, budget);
  const engine = loadBundle(hash, () => PbxEngine.load(module, bytes));
  engines.set(hash, engine);
  return engine;
}

/** Forgets an engine that failed: after a trap its instance refuses further use. */
export function discardEngine(hash: string): void {
  engines.delete(hash);
}

export function rememberGood(did: string, hash: string): void {
  lastGood.set(did, hash);
}

/** The engine that last answered for `did` here, if it is still loaded. */
export function lastGoodEngine(did: string): { hash: string; engine: PbxEngine } | null {
  const hash = lastGood.get(did);
  const engine = hash === undefined ? undefined : engines.get(hash);
  return hash !== undefined && engine ? { hash, engine } : null;
}
