import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { expectAgreesWithZod } from "../../test/hand-check.ts";
import { parseSearch, searchQuery, wellFormedSearch } from "./query.ts";

// Parameter values a searcher might send, good and bad, so generated queries land on both sides.
const anyOf = (...values: string[]) => fc.constantFrom(...values);
const query = fc.record(
  {
    country: anyOf("SE", "se", "S", "SWE", "1E"),
    category: anyOf("florist", "hair_dresser-2", "Florist", "-x", "x".repeat(64)),
    lat: anyOf("59.33", "-90", "90.000000001", "91", "59,33", "1234", "0.1234567891"),
    lon: anyOf("18.06", "-180", "180.5", "abc", ""),
    q: fc.oneof(
      anyOf("roses", "", "a b c d e f g h i j k l m n o p q", "x".repeat(201)),
      fc.string(),
    ),
    limit: anyOf("20", "1", "50", "0", "51", "1000", "5.5", ""),
  },
  { requiredKeys: [] },
);

describe("the search query check", () => {
  it("takes the hand-checked path only for queries zod accepts, with zod's exact result", () => {
    expectAgreesWithZod(query, wellFormedSearch, searchQuery);
  });

  it("takes it for the usual search, with the defaults filled in", () => {
    const usual = { country: "se", category: "florist", lat: "59.33", lon: "18.06", q: "roses" };
    const params = {
      country: "SE",
      category: "florist",
      lat: 59.33,
      lon: 18.06,
      q: "roses",
      limit: 20,
    };
    expect(wellFormedSearch(usual)).toStrictEqual(params);
    expect(parseSearch({ ...usual, limit: "5", extra: "x" })).toStrictEqual({
      ok: true,
      params: { ...params, limit: 5 },
    });
  });
});
