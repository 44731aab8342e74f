import { asc, eq, sql } from "drizzle-orm";
import type { Database } from "../db/open.ts";
import { publications, rulesets, rulesetVersions } from "../db/schema.ts";
import { unifiedDiff } from "./diff.ts";
import {
  findPublication,
  listVersions,
  type RulesetRef,
  requireRuleset,
  requireVersion,
} from "./store.ts";

/** A tenant's rule sets by name, each with its version count and what is live. */
export async function rulesetList(db: Database, tenant: string) {
  const v = rulesetVersions;
  const rows = await db
    .select({
      name: rulesets.name,
      kind: rulesets.kind,
      versions: sql<number>`(select count(*) from ${v} where ${v.rulesetId} = ${rulesets.id})::int`,
      newest: sql<
        number | null
      >`(select max(${v.version}) from ${v} where ${v.rulesetId} = ${rulesets.id})`,
      active: publications.activeVersion,
      canaryVersion: publications.canaryVersion,
      canaryPercent: publications.canaryPercent,
      publishedAt: publications.publishedAt,
    })
    .from(rulesets)
    .leftJoin(publications, eq(publications.rulesetId, rulesets.id))
    .where(eq(rulesets.tenant, tenant))
    .orderBy(asc(rulesets.name));
  return rows.map(({ canaryVersion, canaryPercent, publishedAt, ...row }) => ({
    ...row,
    canary: canaryVersion === null ? null : { version: canaryVersion, percent: canaryPercent ?? 0 },
    publishedAt: publishedAt?.toISOString() ?? null,
  }));
}

/** Stored versions, newest first, each marked active / canary per the publication. */
export async function versionList(db: Database, ref: RulesetRef) {
  const { id } = await requireRuleset(db, ref);
  const [rows, publication] = await Promise.all([listVersions(db, id), findPublication(db, id)]);
  const versions = rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
    active: row.version === publication?.activeVersion,
    canary: row.version === publication?.canaryVersion,
  }));
  return { versions };
}

/** One stored version with its source and the compiler's warnings. */
export async function versionDetail(db: Database, ref: RulesetRef, version: number) {
  const { id, kind } = await requireRuleset(db, ref);
  const row = await requireVersion(db, id, version);
  return {
    name: ref.name,
    kind,
    version: row.version,
    hash: row.hash,
    author: row.author,
    createdAt: row.createdAt.toISOString(),
    numbers: row.numbers,
    diagnostics: row.diagnostics,
    source: row.source,
  };
}

/** A unified diff of the rule files of two versions ("" when the sources are equal). */
export async function versionDiff(db: Database, ref: RulesetRef, from: number, to: number) {
  const { id } = await requireRuleset(db, ref);
  const [a, b] = await Promise.all([requireVersion(db, id, from), requireVersion(db, id, to)]);
  const label = (v: number) => `${ref.name}.yaml@v${v}`;
  return {
    from: { version: a.version, hash: a.hash },
    to: { version: b.version, hash: b.hash },
    diff: unifiedDiff(a.source, b.source, { from: label(from), to: label(to) }),
  };
}
