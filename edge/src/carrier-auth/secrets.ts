/** Carrier secrets from KV `carrier/<id>`, kept briefly in the isolate. */
import { z } from "zod";
import type { Budget } from "../budget.ts";
import { Lru } from "../lru.ts";

const carrierRecord = z.object({ secrets: z.array(z.string().min(1)).min(1) });

/** Short, so a rotated-out secret stops working within seconds. */
const FRESH_MS = 5_000;
const cache = new Lru<string, { secrets: string[] | null; fetchedAt: number }>(1024);

/**
 * The carrier's active secrets, or null for a carrier that does not exist. When KV
 * fails, a stale cached answer is still better than refusing every call.
 *
 * With `background`, a stale record is served at once and re-read behind the
 * answer, so a warm isolate never waits on it (a call waits on one KV read at
 * most: its rules' pointer). A rotated-out secret then stops working one
 * refresh later: within FRESH_MS plus one call.
 */
export async function carrierSecrets(
  kv: KVNamespace,
  carrierId: string,
  budget: Budget,
  background?: (work: Promise<unknown>) => void,
): Promise<string[] | null> {
  const cached = cache.get(carrierId);
  if (cached && Date.now() - cached.fetchedAt < FRESH_MS) return cached.secrets;
  if (cached && background) {
    background(carrierSecrets(kv, carrierId, budget).catch(() => undefined));
    cached.fetchedAt = Date.now();
    return cached.secrets;
  }
  try {
    const raw = await budget.race(kv.get(`carrier/${carrierId}`, "json"), "carrier lookup");
    const parsed = carrierRecord.safeParse(raw);
    const secrets = parsed.success ? parsed.data.secrets : null;
    cache.set(carrierId, { secrets, fetchedAt: Date.now() });
    return secrets;
  } catch (error) {
    if (cached) return cached.secrets;
    throw error;
  }
}
