/**
 * Mobile rules in the edge store. `sub/<number without its last two digits>`
 * (docs/bundle-format.md, SubscriberShard) is a pointer
 * `{"bundle": "<shard sha256>", "plan": "<MobilePlan sha256>", "tenant": "…"}`:
 * one read names both the subscriber's shard and the carrier's plan, both
 * immutable and cached by hash, so a warm isolate reads KV at most once a call.
 */
import { MobileEngine, type ShardBytes } from "@switchboard/wasm";
import { z } from "zod";
import type { Budget } from "../budget.ts";
import {
  fetchBundle,
  KvCache,
  loadBundle,
  POINTER_FRESH_MS,
  parseJson,
  sha256Hex,
} from "../bundle-store/index.ts";
import { Lru } from "../lru.ts";

const shardPointerSchema = z.object({ bundle: sha256Hex, plan: sha256Hex, tenant: z.string() });

export type ShardPointer = z.infer<typeof shardPointerSchema>;

const pointers = new KvCache(10_000, POINTER_FRESH_MS, (key, raw) =>
  parseJson(key, raw, shardPointerSchema),
);
const plans = new Lru<string, MobileEngine>(16);
/** Shards are a few KiB each; bytes by hash, as the engine takes them. */
const shards = new Lru<string, ShardBytes>(2_048);
/** The last plan and shard that answered for a shard key here: the fallback when they fail. */
const lastGood = new Lru<string, ShardPointer>(10_000);

/** `+46701234567` → `sub/+467012345`: a shard holds the numbers sharing all but two digits. */
export function shardKeyOf(number: string): string {
  return `sub/${number.slice(0, -2)}`;
}

export function readShardPointer(
  kv: KVNamespace,
  key: string,
  budget: Budget,
): Promise<ShardPointer | null> {
  return pointers.read(kv, key, budget);
}

export async function planEngine(
  kv: KVNamespace,
  module: WebAssembly.Module,
  hash: string,
  budget: Budget,
): Promise<MobileEngine> {
  const cached = plans.get(hash);
  if (cached) return cached;
  const bytes = await fetchBundle(kv, hash, budget);
  const engine = loadBundle(hash, () => MobileEngine.load(module, bytes));
  plans.set(hash, engine);
  return engine;
}

export async function shardBytes(
  kv: KVNamespace,
  hash: string,
  budget: Budget,
): Promise<ShardBytes> {
  const cached = shards.get(hash);
  if (cached) return cached;
  const shard = { hash, bytes: await fetchBundle(kv, hash, budget) };
  shards.set(hash, shard);
  return shard;
}

/** Forgets a plan engine or shard that failed, so the next call loads it afresh. */
export function discardMobile(pointer: ShardPointer): void {
  plans.delete(pointer.plan);
  shards.delete(pointer.bundle);
}

export function rememberGoodShard(key: string, pointer: ShardPointer): void {
  lastGood.set(key, pointer);
}

/** The plan and shard that last answered for `key`, if both are still in the isolate. */
export function lastGoodShard(key: string): ShardPointer | null {
  const pointer = lastGood.get(key);
  if (!pointer || !plans.get(pointer.plan) || !shards.get(pointer.bundle)) return null;
  return pointer;
}
