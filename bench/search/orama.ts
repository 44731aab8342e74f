// The same searches in Orama (@orama/orama), the in-memory JS search library a Worker could
// embed instead: the same openings, the same tokenizer (so the same words match), every word
// required and matched whole (threshold 0, exact), the category as an enum filter, the
// 10 km as a geo radius filter, top 20 by Orama's own BM25. Titles and descriptions are
// given as their tokens joined by spaces, and so is the query: Orama's `exact` re-checks
// each hit against the stored text, case-sensitively and with ASCII word boundaries, which
// would drop "Roses" for "roses", find "berg" inside "sjöberg" and never find a word that
// starts or ends with "ä". So every token is spelled in ASCII first (`asciiToken`), one to
// one, and Orama's own tokenizer only splits at the spaces.
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
        tokenize: (raw: string) => raw.split(" ").filter((token) => token !== ""),
      },
    },
  });
  await insertMultiple(
    db,
    market.openings.map((o) => ({
      id: o.id,
      title: asciiTokens(o.title),
      description: asciiTokens(o.description),
      category: o.category,
      location: { lat: o.lat, lon: o.lon },
    })),
    1000,
  );
  return db;
}

/** `text`'s tokens, each with every character outside a–z and 0–9 written as `_<hex>_`. */
function asciiTokens(text: string): string {
  return tokenize(text)
    .map((token) =>
      token.replace(/[^a-z0-9]/gu, (ch) => `_${(ch.codePointAt(0) ?? 0).toString(16)}_`),
    )
    .join(" ");
}

/** The ids Orama finds; `category` null searches every opening. */
export function oramaSearch(
  db: OramaIndex,
  query: Query,
  category: string | null,
  limit = query.limit,
) {
  return search(db, {
    term: asciiTokens(query.q),
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
