import { SubscriberSettingsSchema } from "@switchboard/rules-compiler";
import { and, inArray, ne, sql } from "drizzle-orm";
import type { Database } from "../db/open.ts";
import { subscriberShards, subscribers } from "../db/schema.ts";
import type { ParsedRow } from "./rows.ts";

export interface RowError {
  /** 1-based line of the body (a CSV header is line 1). */
  row: number;
  message: string;
}

export interface ImportCounts {
  rows: number;
  imported: number;
  failed: number;
  errors: RowError[];
  /** More rows failed than `errors` lists. */
  errorsTruncated: boolean;
}

const batchRows = 1000;
const maxErrors = 1000;

/**
 * Validates each row with SubscriberSettingsSchema and upserts valid rows in batches of 1000,
 * each batch its own transaction (an import is resumable: re-sending it is idempotent). A
 * number range (shard prefix) belongs to the first carrier that imports into it; rows in
 * another carrier's range fail. Adds the prefixes of stored rows to `touched`.
 */
export async function importRows(
  db: Database,
  tenant: string,
  rows: AsyncIterable<ParsedRow>,
  touched: Set<string>,
): Promise<ImportCounts> {
  const counts: ImportCounts = {
    rows: 0,
    imported: 0,
    failed: 0,
    errors: [],
    errorsTruncated: false,
  };
  const fail = (row: number, message: string) => {
    counts.failed++;
    if (counts.errors.length < maxErrors) counts.errors.push({ row, message });
    else counts.errorsTruncated = true;
  };
  // Keyed by number: a number twice in one batch keeps its later row, as two upserts would.
  let batch = new Map<string, { row: number; settings: Record<string, unknown> }>();
  const flush = async () => {
    const pending = batch;
    batch = new Map();
    const refused = await storeBatch(db, tenant, pending, touched);
    for (const failure of refused) fail(failure.row, failure.message);
    counts.imported += pending.size - refused.length;
  };

  for await (const parsed of rows) {
    counts.rows++;
    if ("error" in parsed) {
      fail(parsed.line, parsed.error);
      continue;
    }
    const result = SubscriberSettingsSchema.safeParse(parsed.value);
    if (!result.success) {
      fail(
        parsed.line,
        result.error.issues.map((i) => `${i.path.join(".") || "row"}: ${i.message}`).join("; "),
      );
      continue;
    }
    if (batch.has(result.data.number)) counts.imported++; // the earlier row is superseded
    batch.set(result.data.number, { row: parsed.line, settings: result.data });
    if (batch.size >= batchRows) await flush();
  }
  if (batch.size > 0) await flush();
  return counts;
}

/** Stores one batch; returns the rows that were refused. */
async function storeBatch(
  db: Database,
  tenant: string,
  batch: Map<string, { row: number; settings: Record<string, unknown> }>,
  touched: Set<string>,
): Promise<RowError[]> {
  const prefixOf = (number: string) => number.slice(0, -2);
  const prefixes = [...new Set([...batch.keys()].map(prefixOf))];
  return db.transaction(async (tx) => {
    await tx
      .insert(subscriberShards)
      .values(prefixes.map((prefix) => ({ prefix, tenant })))
      .onConflictDoNothing();
    const foreign = new Set(
      (
        await tx
          .select({ prefix: subscriberShards.prefix })
          .from(subscriberShards)
          .where(
            and(inArray(subscriberShards.prefix, prefixes), ne(subscriberShards.tenant, tenant)),
          )
      ).map((r) => r.prefix),
    );
    const refused: RowError[] = [];
    const values = [];
    for (const [number, { row, settings }] of batch) {
      const prefix = prefixOf(number);
      if (foreign.has(prefix)) {
        refused.push({
          row,
          message: `${number}: the range ${prefix}xx belongs to another carrier`,
        });
      } else {
        values.push({ number, tenant, prefix, settings });
      }
    }
    if (values.length === 0) return refused;
    const stored = await tx
      .insert(subscribers)
      .values(values)
      .onConflictDoUpdate({
        target: subscribers.number,
        set: { settings: sql`excluded.settings`, updatedAt: sql`now()` },
        setWhere: sql`${subscribers.tenant} = excluded.tenant`,
      })
      .returning({ number: subscribers.number, prefix: subscribers.prefix });
    const storedNumbers = new Set(stored.map((s) => s.number));
    for (const s of stored) touched.add(s.prefix);
    for (const v of values) {
      if (!storedNumbers.has(v.number)) {
        refused.push({
          row: batch.get(v.number)?.row ?? 0,
          message: `${v.number} is another carrier's subscriber`,
        });
      }
    }
    return refused;
  });
}
