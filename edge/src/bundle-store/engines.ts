/**
 * Engines by bundle hash. Bundles are immutable, so an engine loaded once serves
 * every call pinned to that hash for the isolate's life (within a bounded LRU).
 */
import { PbxEngine } from "@switchboard/wasm";
import type { Budget } from "../budget.ts";
import { Lru } from "../lru.ts";
import { EngineCache } from "./engine-cache.ts";
import { fetchBundle, loadBundle } from "./fetch.ts";

const engines = new EngineCache<PbxEngine>(64);
/** The last hash that answered for a DID here: the fallback when its bundle fails. */
const lastGood = new Lru<string, string>(10_000);

export function engineFor(
  kv: KVNamespace,
  module: WebAssembly.Module,
  hash: string,
  budget: Budget,
): Promise<PbxEngine> {
  return engines.get(hash, async () => {
    const bytes = await fetchBundle(kv, hash, budget);
    return loadBundle(hash, () => PbxEngine.load(module, bytes));
  });
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
  const engine = hash === undefined ? undefined : engines.peek(hash);
  return hash !== undefined && engine ? { hash, engine } : null;
}
