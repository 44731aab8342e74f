CREATE TABLE "campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"opening" text NOT NULL,
	"name" text,
	"currency" text NOT NULL,
	"daily_budget_minor" bigint NOT NULL,
	"total_budget_minor" bigint NOT NULL,
	"max_cpc_minor" bigint NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"weekdays" jsonb NOT NULL,
	"day_from_min" integer DEFAULT 0 NOT NULL,
	"day_to_min" integer DEFAULT 1440 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"spent_minor" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "categories" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "market_clicks" (
	"query_id" text NOT NULL,
	"opening" text NOT NULL,
	"event" text NOT NULL,
	"campaign" text,
	"charged_minor" bigint DEFAULT 0 NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "market_clicks_query_id_opening_pk" PRIMARY KEY("query_id","opening")
);
--> statement-breakpoint
CREATE TABLE "market_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"country" text NOT NULL,
	"category" text NOT NULL,
	"query_id" text NOT NULL,
	"provider" text,
	"opening" text,
	"campaign" text,
	"position" integer,
	"sponsored" boolean,
	"cpc_minor" bigint,
	"value_minor" bigint,
	"results" jsonb,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "market_snapshots" (
	"country" text NOT NULL,
	"category" text NOT NULL,
	"pointer" text,
	"ranking" text,
	"snapshot" text,
	"fingerprint" text,
	"openings" integer DEFAULT 0 NOT NULL,
	"ads" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "market_snapshots_country_category_pk" PRIMARY KEY("country","category")
);
--> statement-breakpoint
CREATE TABLE "market_stats_daily" (
	"provider" text NOT NULL,
	"day" date NOT NULL,
	"opening" text NOT NULL,
	"campaign" text NOT NULL,
	"impressions" integer DEFAULT 0 NOT NULL,
	"position_sum" bigint DEFAULT 0 NOT NULL,
	"clicks" integer DEFAULT 0 NOT NULL,
	"requests" integer DEFAULT 0 NOT NULL,
	"revenue_minor" bigint DEFAULT 0 NOT NULL,
	"spend_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "market_stats_daily_provider_day_opening_campaign_pk" PRIMARY KEY("provider","day","opening","campaign")
);
--> statement-breakpoint
CREATE TABLE "openings" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"category" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"radius_km" double precision NOT NULL,
	"price_minor" bigint NOT NULL,
	"media_url" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"country" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"rating" double precision,
	"response_rate" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_provider_providers_id_fk" FOREIGN KEY ("provider") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_opening_openings_id_fk" FOREIGN KEY ("opening") REFERENCES "public"."openings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "openings" ADD CONSTRAINT "openings_provider_providers_id_fk" FOREIGN KEY ("provider") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "openings" ADD CONSTRAINT "openings_category_categories_id_fk" FOREIGN KEY ("category") REFERENCES "public"."categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_id_tenants_id_fk" FOREIGN KEY ("id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaigns_provider" ON "campaigns" USING btree ("provider","id");--> statement-breakpoint
CREATE INDEX "campaigns_opening" ON "campaigns" USING btree ("opening");--> statement-breakpoint
CREATE INDEX "market_events_provider_at" ON "market_events" USING btree ("provider","at");--> statement-breakpoint
CREATE INDEX "market_stats_daily_campaign" ON "market_stats_daily" USING btree ("campaign","day");--> statement-breakpoint
CREATE INDEX "openings_provider" ON "openings" USING btree ("provider","id");--> statement-breakpoint
CREATE INDEX "openings_category_status" ON "openings" USING btree ("category","status");--> statement-breakpoint
CREATE INDEX "providers_country" ON "providers" USING btree ("country");