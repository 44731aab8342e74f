/**
 * DID pointers (`did/<E164>`): which bundle answers a number. Cached in the isolate
 * for at most a second, so a publish is served within two.
 */
import { z } from "zod";
import type { Budget } from "../budget.ts";
import { Lru } from "../lru.ts";
import { kvRead, StoreFault } from "./fault.ts";

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

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

const FRESH_MS = 1_000;
const cache = new Lru<string, { pointer: Pointer | null; fetchedAt: number }>(10_000);

/** The pointer for `did`, or null when the number has none (an unknown number). */
export async function readPointer(
  kv: KVNamespace,
  did: string,
  budget: Budget,
): Promise<Pointer | null> {
  const cached = cache.get(did);
  if (cached && Date.now() - cached.fetchedAt < FRESH_MS) return cached.pointer;
  let raw: string | null;
  try {
    raw = await kvRead(() => budget.race(kv.get(`did/${did}`), "pointer read"), `did/${did}`);
  } catch (error) {
    // A pointer a little stale is a better answer than none while KV is down.
    if (cached) return cached.pointer;
    throw error;
  }
  const pointer = raw === null ? null : parsePointer(did, raw);
  cache.set(did, { pointer, fetchedAt: Date.now() });
  return pointer;
}

function parsePointer(did: string, raw: string): Pointer {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new StoreFault("pointer_invalid", `did/${did} is not JSON`);
  }
  const parsed = pointerSchema.safeParse(json);
  if (!parsed.success) {
    throw new StoreFault("pointer_invalid", `did/${did}: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
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
