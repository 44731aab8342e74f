import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
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
  /** Display name; null for tenants created implicitly by a first upload. */
  name: text("name"),
  createdAt: createdAt(),
});

export type Role = "operator" | "pbx_admin" | "provider";

export const users = pgTable("users", {
  id: serial("id").primaryKey(),
  /** Stored lower-case; the login name. */
  email: text("email").notNull().unique(),
  role: text("role").$type<Role>().notNull(),
  /** Null only for operators, who act on every tenant. */
  tenant: text("tenant").references(() => tenants.id),
  /** `scrypt$<log2 N>$<r>$<p>$<salt b64>$<key b64>` (see identity/password.ts). */
  passwordHash: text("password_hash").notNull(),
  createdAt: createdAt(),
});

/** Automation credentials: the secret is shown once; only its SHA-256 is kept. */
export const apiKeys = pgTable("api_keys", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  role: text("role").$type<Role>().notNull(),
  tenant: text("tenant").references(() => tenants.id),
  secretHash: text("secret_hash").notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: createdAt(),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
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
    /** Every version of a rule set has this kind (Pbx, MobilePlan, Country, Ranking). */
    kind: text("kind").notNull().default("Pbx"),
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

/**
 * Single-owner edge keys other than DIDs (`plan/<tenant>`, `ranking/<CC>/<category>`): held by
 * the rule set that last published them, so two rule sets never overwrite each other.
 */
export const pointerClaims = pgTable("pointer_claims", {
  key: text("key").primaryKey(),
  rulesetId: integer("ruleset_id")
    .notNull()
    .references(() => rulesets.id),
  claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull().defaultNow(),
});

export const auditLog = pgTable(
  "audit_log",
  {
    id: serial("id").primaryKey(),
    actor: text("actor").notNull(),
    role: text("role").notNull(),
    tenant: text("tenant"),
    action: text("action").notNull(),
    target: text("target").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_tenant_id").on(t.tenant, t.id)],
);

/** Enabled countries: written when a Country rule set is published; read for `country-index`. */
export const countries = pgTable("countries", {
  code: text("code").primaryKey(),
  /** One country per calling code: the edge's `country-index` maps a code to one country. */
  callingCode: text("calling_code").notNull().unique(),
  rulesetId: integer("ruleset_id")
    .notNull()
    .references(() => rulesets.id),
  hash: text("hash").notNull(),
  publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Per-subscriber settings of a carrier tenant (validated by SubscriberSettingsSchema). */
export const subscribers = pgTable(
  "subscribers",
  {
    number: text("number").primaryKey(),
    tenant: text("tenant")
      .notNull()
      .references(() => tenants.id),
    /** The shard key without `sub/`: the number without its last two digits. */
    prefix: text("prefix").notNull(),
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("subscribers_prefix").on(t.prefix, t.number),
    index("subscribers_tenant").on(t.tenant, t.number),
  ],
);

/**
 * A shard holds one tenant's subscribers (its header names the tenant), so a number range
 * (prefix) belongs to one carrier; `hash` is the shard bundle the edge was last given.
 */
export const subscriberShards = pgTable(
  "subscriber_shards",
  {
    prefix: text("prefix").primaryKey(),
    tenant: text("tenant")
      .notNull()
      .references(() => tenants.id),
    hash: text("hash"),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [index("subscriber_shards_tenant").on(t.tenant)],
);

/** Decision events from the edge's queue; `id` makes at-least-once delivery exactly-once rows. */
export const events = pgTable(
  "events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    callId: text("call_id").notNull(),
    carrier: text("carrier").notNull(),
    tenant: text("tenant"),
    did: text("did").notNull(),
    kind: text("kind").notNull(),
    direction: text("direction"),
    country: text("country"),
    event: text("event").notNull(),
    bundle: text("bundle"),
    node: text("node"),
    outcome: text("outcome").notNull(),
    region: text("region").notNull(),
    decisionUs: integer("decision_us").notNull(),
    fallback: boolean("fallback").notNull(),
    reason: text("reason"),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("events_tenant_at").on(t.tenant, t.at)],
);

/**
 * Daily counts kept in step with `events` by the insert itself (only rows it really inserted
 * are counted), so reports read a few hundred rows instead of scanning millions of events.
 * `calls` counts `start` decisions: each call has exactly one.
 */
const counts = () => ({
  decisions: integer("decisions").notNull(),
  calls: integer("calls").notNull(),
  fallbacks: integer("fallbacks").notNull(),
});

export const pbxStatsDaily = pgTable(
  "pbx_stats_daily",
  {
    tenant: text("tenant").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    did: text("did").notNull(),
    /** '' when the decision named no node (a fallback without a bundle). */
    node: text("node").notNull(),
    outcome: text("outcome").notNull(),
    ...counts(),
  },
  (t) => [primaryKey({ columns: [t.tenant, t.day, t.did, t.node, t.outcome] })],
);

export const carrierStatsDaily = pgTable(
  "carrier_stats_daily",
  {
    day: date("day", { mode: "string" }).notNull(),
    carrier: text("carrier").notNull(),
    outcome: text("outcome").notNull(),
    ...counts(),
  },
  (t) => [primaryKey({ columns: [t.day, t.carrier, t.outcome] })],
);

/* ── Marketplace (issue 6; docs/marketplace.md) ─────────────────────────────────────────────── */

/** Money in minor units of the country's currency (öre, pence); bigint, read as a JS number. */
const minor = (name: string) => bigint(name, { mode: "number" });
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

/** What providers offer (`florist`, `hairdresser`): one search index and snapshot per country. */
export const categories = pgTable("categories", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

/** A service provider is a tenant; its country fixes the currency and the days of its budgets. */
export const providers = pgTable(
  "providers",
  {
    id: text("id")
      .primaryKey()
      .references(() => tenants.id),
    name: text("name").notNull(),
    country: text("country").notNull(),
    /** Operators switch a provider off; its openings leave search at once. */
    enabled: boolean("enabled").notNull().default(true),
    /** 0–5 stars; null until reviews exist (search then uses a neutral prior). */
    rating: doublePrecision("rating"),
    /** 0–1, share of requests answered; null until known. */
    responseRate: doublePrecision("response_rate"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("providers_country").on(t.country)],
);

export type OpeningStatus = "draft" | "published" | "disabled";

export const openings = pgTable(
  "openings",
  {
    id: text("id").primaryKey(),
    provider: text("provider")
      .notNull()
      .references(() => providers.id),
    category: text("category")
      .notNull()
      .references(() => categories.id),
    title: text("title").notNull(),
    description: text("description").notNull(),
    lat: doublePrecision("lat").notNull(),
    lon: doublePrecision("lon").notNull(),
    radiusKm: doublePrecision("radius_km").notNull(),
    priceMinor: minor("price_minor").notNull(),
    mediaUrl: text("media_url"),
    status: text("status").$type<OpeningStatus>().notNull().default("draft"),
    /** First publication; kept when re-published, so toggling cannot game freshness. */
    publishedAt: timestamp("published_at", { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("openings_provider").on(t.provider, t.id),
    index("openings_category_status").on(t.category, t.status),
  ],
);

export type CampaignStatus = "active" | "paused" | "exhausted";

export const campaigns = pgTable(
  "campaigns",
  {
    id: text("id").primaryKey(),
    provider: text("provider")
      .notNull()
      .references(() => providers.id),
    opening: text("opening")
      .notNull()
      .references(() => openings.id),
    name: text("name"),
    /** ISO 4217, the provider's country's currency when the campaign was created. */
    currency: text("currency").notNull(),
    dailyBudgetMinor: minor("daily_budget_minor").notNull(),
    totalBudgetMinor: minor("total_budget_minor").notNull(),
    maxCpcMinor: minor("max_cpc_minor").notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    /** `mon`…`sun`, in the country's time zone. */
    weekdays: jsonb("weekdays").$type<string[]>().notNull(),
    /** Scheduled minutes of each scheduled day, local time: [from, to). */
    dayFromMin: integer("day_from_min").notNull().default(0),
    dayToMin: integer("day_to_min").notNull().default(1440),
    status: text("status").$type<CampaignStatus>().notNull().default("active"),
    /** Everything charged so far; only changed under this row's lock (tracking/charge.ts). */
    spentMinor: minor("spent_minor").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("campaigns_provider").on(t.provider, t.id),
    index("campaigns_opening").on(t.opening),
  ],
);

/**
 * Search, click and request events from the edge; `id` makes at-least-once delivery
 * exactly-once rows. A search lists its results (each one an impression) in `results`.
 */
export const marketEvents = pgTable(
  "market_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    country: text("country").notNull(),
    category: text("category").notNull(),
    queryId: text("query_id").notNull(),
    provider: text("provider"),
    opening: text("opening"),
    campaign: text("campaign"),
    position: integer("position"),
    sponsored: boolean("sponsored"),
    cpcMinor: minor("cpc_minor"),
    valueMinor: minor("value_minor"),
    results: jsonb("results").$type<unknown[]>(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("market_events_provider_at").on(t.provider, t.at)],
);

/** The first click of each result (query × opening): only it is counted and charged. */
export const marketClicks = pgTable(
  "market_clicks",
  {
    queryId: text("query_id").notNull(),
    opening: text("opening").notNull(),
    event: text("event").notNull(),
    campaign: text("campaign"),
    chargedMinor: minor("charged_minor").notNull().default(0),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.queryId, t.opening] })],
);

/**
 * Daily counts per opening and campaign (`campaign` '' for organic results), in the country's
 * local days, kept by the same transaction that stores the events. `spend_minor` of a
 * campaign's row is also its daily budget ledger.
 */
export const marketStatsDaily = pgTable(
  "market_stats_daily",
  {
    provider: text("provider").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    opening: text("opening").notNull(),
    campaign: text("campaign").notNull(),
    impressions: integer("impressions").notNull().default(0),
    positionSum: bigint("position_sum", { mode: "number" }).notNull().default(0),
    clicks: integer("clicks").notNull().default(0),
    requests: integer("requests").notNull().default(0),
    revenueMinor: minor("revenue_minor").notNull().default(0),
    spendMinor: minor("spend_minor").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.day, t.opening, t.campaign] }),
    index("market_stats_daily_campaign").on(t.campaign, t.day),
  ],
);

/**
 * What the edge was last given for one country and category (`ranking/<CC>/<category>`):
 * the row lock serialises publishes of one snapshot, `pointer` is the value written (null:
 * none), `fingerprint` the snapshot's content without its time, to skip unchanged ones.
 */
export const marketSnapshots = pgTable(
  "market_snapshots",
  {
    country: text("country").notNull(),
    category: text("category").notNull(),
    pointer: text("pointer"),
    ranking: text("ranking"),
    snapshot: text("snapshot"),
    fingerprint: text("fingerprint"),
    openings: integer("openings").notNull().default(0),
    ads: integer("ads").notNull().default(0),
    publishedAt: timestamp("published_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.country, t.category] })],
);
