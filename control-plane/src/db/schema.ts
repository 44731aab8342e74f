import { sql } from "drizzle-orm";
import {
  customType,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";

/**
 * Raw bundle bytes. node-postgres returns a Buffer, often a view into a shared pool; copying into
 * a plain Uint8Array gives both drivers the same value, safe to hand to KV or structured clone.
 */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => new Uint8Array(value),
});

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** Stored beside each version exactly as the compiler reported them (warnings only). */
export interface StoredDiagnostic {
  code: string;
  severity: "error" | "warning";
  message: string;
  line: number;
  column: number;
  hint?: string;
}

export const tenants = pgTable("tenants", {
  id: text("id").primaryKey(),
  createdAt: createdAt(),
});

export const carriers = pgTable("carriers", {
  id: text("id").primaryKey(),
  /** Newest first; at most two are active so a rotation never rejects in-flight webhooks. */
  secrets: jsonb("secrets").$type<string[]>().notNull(),
  createdAt: createdAt(),
  rotatedAt: timestamp("rotated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const rulesets = pgTable(
  "rulesets",
  {
    id: serial("id").primaryKey(),
    tenant: text("tenant")
      .notNull()
      .references(() => tenants.id),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique("rulesets_tenant_name").on(t.tenant, t.name)],
);

export const rulesetVersions = pgTable(
  "ruleset_versions",
  {
    id: serial("id").primaryKey(),
    rulesetId: integer("ruleset_id")
      .notNull()
      .references(() => rulesets.id),
    version: integer("version").notNull(),
    source: text("source").notNull(),
    bundle: bytea("bundle").notNull(),
    hash: text("hash").notNull(),
    kind: text("kind").notNull(),
    diagnostics: jsonb("diagnostics").$type<StoredDiagnostic[]>().notNull().default(sql`'[]'`),
    numbers: jsonb("numbers").$type<string[]>().notNull().default(sql`'[]'`),
    author: text("author").notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique("ruleset_versions_ruleset_version").on(t.rulesetId, t.version)],
);

/** What the edge serves for a rule set: one active version, optionally a canary beside it. */
export const publications = pgTable("publications", {
  rulesetId: integer("ruleset_id")
    .primaryKey()
    .references(() => rulesets.id),
  activeVersion: integer("active_version").notNull(),
  canaryVersion: integer("canary_version"),
  canaryPercent: integer("canary_percent"),
  publishedBy: text("published_by").notNull(),
  publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
});

/** A DID belongs to at most one rule set; the claim is taken when a version using it is published. */
export const numbers = pgTable("numbers", {
  e164: text("e164").primaryKey(),
  tenant: text("tenant")
    .notNull()
    .references(() => tenants.id),
  rulesetId: integer("ruleset_id")
    .notNull()
    .references(() => rulesets.id),
  claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull().defaultNow(),
});

export const auditLog = pgTable("audit_log", {
  id: serial("id").primaryKey(),
  actor: text("actor").notNull(),
  role: text("role").notNull(),
  tenant: text("tenant"),
  action: text("action").notNull(),
  target: text("target").notNull(),
  details: jsonb("details").$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
  createdAt: createdAt(),
});
