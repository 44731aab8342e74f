// What a design without an edge would do: ask Postgres for each search, computing the same
// organic score in SQL (the same features and weights, BM25 from per-category word counts
// kept in tables, haversine distance) over the same openings, through the control plane's
// production driver (Neon's, via the local WebSocket proxy). A scratch database
// `bench_search_<pid>` is created and dropped. Single-word searches, as the benchmark's are.
import { type OpenDatabase, openDatabase } from "@switchboard/control-plane";
import { tokenize } from "@switchboard/wasm";
import { sql } from "drizzle-orm";
import type { Marketplace } from "./generate.ts";
import type { Query } from "./queries.ts";
import { RANKING } from "./ranking.ts";

export interface PostgresSearch {
  server: string;
  search(
    query: Query,
    category: string | null,
    at: Date,
  ): Promise<{ opening: string; score: number }[]>;
  /** Milliseconds Postgres itself spent executing (EXPLAIN ANALYZE), outside the round trip. */
  executionMs(query: Query, category: string | null, at: Date): Promise<number>;
  close(): Promise<void>;
}

const URL_DEFAULT = "postgres://postgres@127.0.0.1:5432/postgres";

/** null (and why) when no Postgres answers. */
export async function postgresSearch(
  market: Marketplace,
): Promise<PostgresSearch | { skipped: string }> {
  const url = process.env.DATABASE_URL || URL_DEFAULT;
  let admin: OpenDatabase;
  try {
    admin = await openDatabase({ url });
    await admin.db.execute(sql`SELECT 1`);
  } catch (error) {
    return { skipped: `no Postgres at ${new URL(url).host} (${String(error).slice(0, 120)})` };
  }
  const name = `bench_search_${process.pid}`;
  await admin.db.execute(sql.raw(`DROP DATABASE IF EXISTS "${name}"`));
  await admin.db.execute(sql.raw(`CREATE DATABASE "${name}"`));
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ url: target.toString() });
  const db = database.db;
  const rowsOf = async <T>(query: Parameters<typeof db.execute>[0]) =>
    ((await db.execute(query)) as unknown as { rows: T[] }).rows;
  const [version] = await rowsOf<{ server_version: string }>(sql`SHOW server_version`);
  await load(database, market);

  const { weights: w } = RANKING;
  const halfLife = RANKING.freshnessHalfLifeDays * 1440;
  const statement = (query: Query, category: string | null, at: Date) => {
    const scope = category ?? "*";
    const now = Math.floor(at.getTime() / 60_000);
    const dLat = (RANKING.maxDistanceKm / 6371.0088) * (180 / Math.PI) + 1e-6;
    return sql`
      WITH s AS (SELECT n, mean_length FROM category_stats WHERE category = ${scope}),
           d AS (SELECT df FROM token_df WHERE category = ${scope} AND token = ${query.q})
      SELECT o.id AS opening,
        ((${w.rating}::float8 * o.rating_e3) / 5000 + (${w.responseRate}::float8 * o.response_e3) / 1000
          + ${w.freshness}::float8 * least(1, power(0.5, (${now}::int - o.published_minute) / ${halfLife}::float8))
          + ${w.text}::float8 * (ln(1 + (s.n - d.df + 0.5) / (d.df + 0.5)) * (f.tf * 2.2) / (f.tf + 1.2 * (0.25 + 0.75 * o.length / s.mean_length)))
            / (ln(1 + (s.n - d.df + 0.5) / (d.df + 0.5)) * 2.2)
          + ${w.distance}::float8 * greatest(0, 1 - g.km / ${RANKING.maxDistanceKm}::float8)
        ) / ${w.text + w.distance + w.rating + w.responseRate + w.freshness}::float8 AS score
      FROM openings o
        CROSS JOIN s CROSS JOIN d
        CROSS JOIN LATERAL (SELECT 2 * 6371.0088 * asin(least(1, sqrt(
          power(sin(radians(o.lat - ${query.lat}::float8) / 2), 2)
          + cos(radians(${query.lat}::float8)) * cos(radians(o.lat))
            * power(sin(radians(o.lon - ${query.lon}::float8) / 2), 2)))) AS km) g
        CROSS JOIN LATERAL (SELECT (CASE WHEN ${query.q} = ANY(o.title_tokens) THEN 2 ELSE 0 END
          + CASE WHEN ${query.q} = ANY(o.desc_tokens) THEN 1 ELSE 0 END)::float8 AS tf) f
      WHERE ${category === null ? sql`TRUE` : sql`o.category = ${category}`}
        AND o.tokens @> ARRAY[${query.q}]::text[]
        AND o.lat BETWEEN ${query.lat}::float8 - ${dLat}::float8 AND ${query.lat}::float8 + ${dLat}::float8
        AND g.km <= least(o.radius_km, ${RANKING.maxDistanceKm}::float8)
      ORDER BY score DESC
      LIMIT ${query.limit}`;
  };
  return {
    server: `PostgreSQL ${version?.server_version ?? "?"}`,
    async search(query, category, at) {
      const rows = await rowsOf<{ opening: string; score: number }>(statement(query, category, at));
      return rows.map((r) => ({
        opening: r.opening,
        score: Math.round(Number(r.score) * 1e6) / 1e6,
      }));
    },
    async executionMs(query, category, at) {
      const [explained] = await rowsOf<Record<string, unknown>>(
        sql`EXPLAIN (ANALYZE, FORMAT JSON) ${statement(query, category, at)}`,
      );
      const plan = explained?.["QUERY PLAN"];
      const parsed = (typeof plan === "string" ? JSON.parse(plan) : plan) as {
        "Execution Time": number;
      }[];
      return parsed[0]?.["Execution Time"] ?? Number.NaN;
    },
    async close() {
      await database.close();
      await admin.db.execute(sql.raw(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      await admin.close();
    },
  };
}

async function load(database: OpenDatabase, market: Marketplace): Promise<void> {
  const { db } = database;
  await db.execute(sql`CREATE TABLE openings (
    id text PRIMARY KEY, category text NOT NULL, lat float8 NOT NULL, lon float8 NOT NULL,
    radius_km float8 NOT NULL, rating_e3 int NOT NULL, response_e3 int NOT NULL,
    published_minute int NOT NULL, length int NOT NULL,
    title_tokens text[] NOT NULL, desc_tokens text[] NOT NULL, tokens text[] NOT NULL)`);
  const BATCH = 2000;
  for (let at = 0; at < market.openings.length; at += BATCH) {
    const rows = market.openings.slice(at, at + BATCH).map((o) => {
      const title = tokenize(o.title);
      const description = tokenize(o.description);
      return sql`(${o.id}, ${o.category}, ${o.lat}, ${o.lon}, ${Math.round(o.radiusKm * 1000) / 1000},
        ${Math.round(o.rating * 1000)}, ${Math.round(o.responseRate * 1000)},
        ${Math.floor(Date.parse(o.publishedAt) / 60_000)}, ${title.length + description.length},
        ${`{${title.map(quote).join(",")}}`}::text[], ${`{${description.map(quote).join(",")}}`}::text[],
        ${`{${[...new Set([...title, ...description])].map(quote).join(",")}}`}::text[])`;
    });
    await db.execute(sql`INSERT INTO openings VALUES ${sql.join(rows, sql`, `)}`);
  }
  await db.execute(sql`CREATE INDEX openings_tokens ON openings USING gin (tokens)`);
  await db.execute(sql`CREATE INDEX openings_place ON openings (category, lat)`);
  await db.execute(sql`CREATE TABLE category_stats AS
    SELECT category, count(*)::float8 AS n, avg(length)::float8 AS mean_length FROM openings GROUP BY category
    UNION ALL SELECT '*', count(*)::float8, avg(length)::float8 FROM openings`);
  await db.execute(sql`CREATE TABLE token_df AS
    SELECT category, token, count(*)::float8 AS df FROM openings, unnest(tokens) AS token GROUP BY category, token
    UNION ALL SELECT '*', token, count(*)::float8 FROM openings, unnest(tokens) AS token GROUP BY token`);
  await db.execute(sql`CREATE INDEX token_df_key ON token_df (category, token)`);
  await db.execute(sql`ANALYZE`);
}

/** A text[] literal element: quoted, with `"` and `\` escaped. */
function quote(token: string): string {
  return `"${token.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
