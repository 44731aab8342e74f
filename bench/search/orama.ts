// The same searches in Orama (@orama/orama), the in-memory JS search library a Worker could
// embed instead: the same openings, the same tokenizer (so the same words match), every word
// required and matched whole (threshold 0, exact), the category as an enum filter, the
// 10 km as a geo radius filter, top 20 by Orama's own BM25. Titles and descriptions are
// given as their tokens joined by spaces: Orama's `exact` re-checks each hit against the
// stored text, case-sensitively and with ASCII word boundaries, which would drop "Roses"
// for "roses" and find "berg" inside "sjöberg".
import { create, insertMultiple, search } from "@orama/orama";
import { tokenize } from "@switchboard/wasm";
import type { Marketplace } from "./generate.ts";
import type { Query } from "./queries.ts";
import { RANKING } from "./ranking.ts";

const schema = {
  title: "string",
  description: "string",
  category: "enum",
  location: "geopoint",
} as const;

export type OramaIndex = ReturnType<typeof create<typeof schema>>;

export async function oramaIndex(market: Marketplace): Promise<OramaIndex> {
  const db = create({
    schema,
    components: {
      tokenizer: {
        language: "english",
        normalizationCache: new Map(),
        tokenize: (raw: string) => tokenize(raw),
      },
    },
  });
  await insertMultiple(
    db,
    market.openings.map((o) => ({
      id: o.id,
      title: tokenize(o.title).join(" "),
      description: tokenize(o.description).join(" "),
      category: o.category,
      location: { lat: o.lat, lon: o.lon },
    })),
    1000,
  );
  return db;
}

/** The ids Orama finds; `category` null searches every opening. */
export function oramaSearch(
  db: OramaIndex,
  query: Query,
  category: string | null,
  limit = query.limit,
) {
  return search(db, {
    term: query.q,
    properties: ["title", "description"],
    exact: true,
    threshold: 0,
    limit,
    where: {
      ...(category === null ? {} : { category: { eq: category } }),
      location: {
        radius: {
          coordinates: { lat: query.lat, lon: query.lon },
          value: RANKING.maxDistanceKm,
          unit: "km",
          inside: true,
        },
      },
    },
  });
}

export async function oramaMatches(db: OramaIndex, query: Query, category: string | null) {
  const results = await oramaSearch(db, query, category, 100_000);
  return new Set(results.hits.map((hit) => String(hit.id)));
}
