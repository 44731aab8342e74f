CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"tenant" text,
	"secret_hash" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "carrier_stats_daily" (
	"day" date NOT NULL,
	"carrier" text NOT NULL,
	"outcome" text NOT NULL,
	"decisions" integer NOT NULL,
	"calls" integer NOT NULL,
	"fallbacks" integer NOT NULL,
	CONSTRAINT "carrier_stats_daily_day_carrier_outcome_pk" PRIMARY KEY("day","carrier","outcome")
);
--> statement-breakpoint
CREATE TABLE "countries" (
	"code" text PRIMARY KEY NOT NULL,
	"calling_code" text NOT NULL,
	"ruleset_id" integer NOT NULL,
	"hash" text NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "countries_calling_code_unique" UNIQUE("calling_code")
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"call_id" text NOT NULL,
	"carrier" text NOT NULL,
	"tenant" text,
	"did" text NOT NULL,
	"kind" text NOT NULL,
	"direction" text,
	"country" text,
	"event" text NOT NULL,
	"bundle" text,
	"node" text,
	"outcome" text NOT NULL,
	"region" text NOT NULL,
	"decision_us" integer NOT NULL,
	"fallback" boolean NOT NULL,
	"reason" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pbx_stats_daily" (
	"tenant" text NOT NULL,
	"day" date NOT NULL,
	"did" text NOT NULL,
	"node" text NOT NULL,
	"outcome" text NOT NULL,
	"decisions" integer NOT NULL,
	"calls" integer NOT NULL,
	"fallbacks" integer NOT NULL,
	CONSTRAINT "pbx_stats_daily_tenant_day_did_node_outcome_pk" PRIMARY KEY("tenant","day","did","node","outcome")
);
--> statement-breakpoint
CREATE TABLE "pointer_claims" (
	"key" text PRIMARY KEY NOT NULL,
	"ruleset_id" integer NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscriber_shards" (
	"prefix" text PRIMARY KEY NOT NULL,
	"tenant" text NOT NULL,
	"hash" text,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "subscribers" (
	"number" text PRIMARY KEY NOT NULL,
	"tenant" text NOT NULL,
	"prefix" text NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" serial PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"tenant" text,
	"password_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
ALTER TABLE "rulesets" ADD COLUMN "kind" text DEFAULT 'Pbx' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_tenant_tenants_id_fk" FOREIGN KEY ("tenant") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "countries" ADD CONSTRAINT "countries_ruleset_id_rulesets_id_fk" FOREIGN KEY ("ruleset_id") REFERENCES "public"."rulesets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "pointer_claims" ADD CONSTRAINT "pointer_claims_ruleset_id_rulesets_id_fk" FOREIGN KEY ("ruleset_id") REFERENCES "public"."rulesets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriber_shards" ADD CONSTRAINT "subscriber_shards_tenant_tenants_id_fk" FOREIGN KEY ("tenant") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscribers" ADD CONSTRAINT "subscribers_tenant_tenants_id_fk" FOREIGN KEY ("tenant") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_tenant_tenants_id_fk" FOREIGN KEY ("tenant") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "events_tenant_at" ON "events" USING btree ("tenant","at");--> statement-breakpoint
CREATE INDEX "subscriber_shards_tenant" ON "subscriber_shards" USING btree ("tenant");--> statement-breakpoint
CREATE INDEX "subscribers_prefix" ON "subscribers" USING btree ("prefix","number");--> statement-breakpoint
CREATE INDEX "subscribers_tenant" ON "subscribers" USING btree ("tenant","number");--> statement-breakpoint
CREATE INDEX "audit_log_tenant_id" ON "audit_log" USING btree ("tenant","id");