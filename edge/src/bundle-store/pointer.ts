/**
 * DID pointers (`did/<E164>`): which bundle answers a number. Cached in the isolate
 * for at most a second, so a publish is served within two.
 */
import { z } from "zod";
import type { Budget } from "../budget.ts";
import { KvCache, parseJson } from "./kv-cache.ts";

export const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

const pointerSchema = z.object({
  bundle: sha256Hex,
  tenant: z.string(),
  ruleset: z.string(),
  version: z.number().int(),
  canary: z
    .object({ bundle: sha256Hex, version: z.number().int(), percent: z.number().min(0).max(100) })
    .nullable()
    .optional(),
});

export type Pointer = z.infer<typeof pointerSchema>;

/** Pointers are re-read after this long, so a publish is served within two seconds. */
export const POINTER_FRESH_MS = 1_000;

const pointers = new KvCache(10_000, POINTER_FRESH_MS, (key, raw) =>
  parseJson(key, raw, pointerSchema),
);

/** The pointer for `did`, or null when the number has none (an unknown number). */
export function readPointer(kv: KVNamespace, did: string, budget: Budget): Promise<Pointer | null> {
  return pointers.read(kv, `did/${did}`, budget);
}

/**
 * The bundle this call starts on. A canary takes `percent` of calls, chosen by a
 * stable hash of the call id so a retried start lands on the same bundle.
 */
export function chooseBundle(
  pointer: Pointer,
  callId: string,
): { hash: string; version: number; canary: boolean } {
  const canary = pointer.canary;
  if (canary && canary.percent > 0 && bucketOf(callId) < canary.percent) {
    return { hash: canary.bundle, version: canary.version, canary: true };
  }
  return { hash: pointer.bundle, version: pointer.version, canary: false };
}

/** FNV-1a of the call id, as a bucket 0–99. */
export function bucketOf(callId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < callId.length; i++) {
    hash ^= callId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 100;
}
