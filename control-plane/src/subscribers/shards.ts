import {
  encodeSubscriberShard,
  type SubscriberSettings,
  SubscriberShardError,
  sha256Hex,
} from "@switchboard/rules-compiler";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../db/open.ts";
import {
  pointerClaims,
  publications,
  rulesetVersions,
  subscriberShards,
  subscribers,
} from "../db/schema.ts";
import type { EdgePublisher } from "../publisher/index.ts";
import { readSpec } from "../rulesets/placement/spec.ts";
import { activeVersionOfPublication } from "../rulesets/store.ts";
import { planKey, subKey, subPointer } from "./pointer.ts";

/** The carrier's published MobilePlan: shards name it, and their pointers carry its hash. */
export interface ActivePlan {
  tenant: string;
  name: string;
  hash: string;
  timezone: string;
}

export async function activePlan(db: Database, tenant: string): Promise<ActivePlan | null> {
  const [row] = await db
    .select({ hash: rulesetVersions.hash, source: rulesetVersions.source })
    .from(pointerClaims)
    .innerJoin(publications, eq(publications.rulesetId, pointerClaims.rulesetId))
    .innerJoin(rulesetVersions, activeVersionOfPublication)
    .where(eq(pointerClaims.key, planKey(tenant)));
  if (!row) return null;
  const { name, spec } = readSpec(row.source);
  return { tenant, name, hash: row.hash, timezone: String(spec.timezone) };
}

export interface ShardReport {
  /** Shards whose table changed and was written (bundle + pointer), or removed when emptied. */
  written: number;
  unchanged: number;
  errors: { shard: string; message: string }[];
}

/** At most 100 × 100 subscriber rows in memory at once, and short row locks. */
const shardsPerTransaction = 100;

/**
 * Rebuilds the shard tables of `prefixes` from Postgres and publishes the ones that changed:
 * `bundle/<hash>` first, then `sub/<prefix>`; an emptied shard's pointer is deleted. Shard rows
 * are locked while this runs, so concurrent imports never publish an older table over a newer.
 */
export async function publishShards(
  deps: { db: Database; publisher: EdgePublisher },
  plan: ActivePlan,
  prefixes: Iterable<string>,
): Promise<ShardReport> {
  const report: ShardReport = { written: 0, unchanged: 0, errors: [] };
  const all = [...new Set(prefixes)].sort();
  for (let i = 0; i < all.length; i += shardsPerTransaction) {
    const chunk = all.slice(i, i + shardsPerTransaction);
    await deps.db.transaction((tx) => publishChunk(tx, deps.publisher, plan, chunk, report));
  }
  return report;
}

async function publishChunk(
  tx: Database,
  publisher: EdgePublisher,
  plan: ActivePlan,
  prefixes: string[],
  report: ShardReport,
): Promise<void> {
  const mine = and(
    inArray(subscriberShards.prefix, prefixes),
    eq(subscriberShards.tenant, plan.tenant),
  );
  const current = new Map(
    (await tx.select().from(subscriberShards).where(mine).for("update")).map((s) => [
      s.prefix,
      s.hash,
    ]),
  );
  const rows = await tx
    .select({ prefix: subscribers.prefix, settings: subscribers.settings })
    .from(subscribers)
    .where(and(inArray(subscribers.prefix, prefixes), eq(subscribers.tenant, plan.tenant)))
    .orderBy(asc(subscribers.prefix), asc(subscribers.number));
  const byPrefix = new Map<string, SubscriberSettings[]>();
  for (const row of rows) {
    const list = byPrefix.get(row.prefix) ?? [];
    list.push(row.settings as SubscriberSettings);
    byPrefix.set(row.prefix, list);
  }

  const bundles: [string, Uint8Array][] = [];
  const pointers: [string, string][] = [];
  const hashes: { prefix: string; hash: string }[] = [];
  const emptied: string[] = [];
  for (const prefix of prefixes) {
    if (!current.has(prefix)) continue; // another tenant's range: never ours to write
    const list = byPrefix.get(prefix);
    if (!list) {
      emptied.push(prefix);
      continue;
    }
    let table: Uint8Array;
    try {
      table = encodeSubscriberShard({
        tenant: plan.tenant,
        plan: plan.name,
        timezone: plan.timezone,
        subscribers: list,
      });
    } catch (error) {
      if (!(error instanceof SubscriberShardError)) throw error;
      report.errors.push({ shard: subKey(prefix), message: error.message });
      continue;
    }
    const hash = sha256Hex(table);
    if (hash === current.get(prefix)) {
      report.unchanged++;
      continue;
    }
    bundles.push([`bundle/${hash}`, table]);
    pointers.push([
      subKey(prefix),
      JSON.stringify(subPointer({ shard: hash, plan: plan.hash, tenant: plan.tenant })),
    ]);
    hashes.push({ prefix, hash });
  }

  await publisher.putMany(bundles);
  await publisher.putMany(pointers);
  if (emptied.length > 0) {
    await publisher.deleteMany(emptied.map(subKey));
    await tx.delete(subscriberShards).where(inArray(subscriberShards.prefix, emptied));
  }
  if (hashes.length > 0) {
    const values = sql.join(
      hashes.map((h) => sql`(${h.prefix}, ${h.hash})`),
      sql`, `,
    );
    await tx.execute(sql`
      UPDATE subscriber_shards AS s SET hash = v.hash, published_at = now()
      FROM (VALUES ${values}) AS v(prefix, hash) WHERE s.prefix = v.prefix`);
  }
  report.written += hashes.length + emptied.length;
}
