// SearchEngine on the built engine, with snapshots from the real encoder and
// compiled Ranking bundles. Expected scores and prices are worked out by hand
// from docs/marketplace.md ("Ranking"), not read back from the engine.
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../assembly/abi.ts";
import { EngineError, type SearchResult } from "../src/index.ts";
import { ad, HOME, haversineKm, NOW, north, opening, searchEngine } from "./search-fixtures.ts";

const DAY = 86_400_000;
const search = (engine: ReturnType<typeof searchEngine>, q = "", limit = 20, at = HOME) =>
  engine.search({ ...at, q, limit, at: NOW });
const ids = (results: SearchResult[]) => results.map((r) => r.opening);

describe("organic ranking", () => {
  it("orders by the weighted features, each in [0, 1]", () => {
    const engine = searchEngine({ weights: { rating: 1, responseRate: 1 } }, [
      opening("a", { rating: 4, responseRate: 0.5 }), // (0.8 + 0.5) / 2 = 0.65
      opening("b", { rating: 5, responseRate: 0.2 }), // (1.0 + 0.2) / 2 = 0.6
      opening("c", { rating: 2.5, responseRate: 1 }), // (0.5 + 1.0) / 2 = 0.75
    ]);
    const { results, matched } = search(engine);
    expect(matched).toBe(3);
    expect(results.map((r) => [r.opening, r.score, r.position, r.sponsored])).toEqual([
      ["c", 0.75, 1, false],
      ["a", 0.65, 2, false],
      ["b", 0.6, 3, false],
    ]);
    expect(results[0]).toMatchObject({
      provider: "p-c",
      title: "Shop c",
      priceMinor: 10_000,
      mediaUrl: null,
      campaign: null,
      cpcMinor: 0,
    });
  });

  it("halves freshness every half-life, counted from the search's time", () => {
    const engine = searchEngine({ weights: { freshness: 1 }, halfLifeDays: 30 }, [
      opening("month", { publishedAt: new Date(NOW.getTime() - 30 * DAY).toISOString() }),
      opening("two-months", { publishedAt: new Date(NOW.getTime() - 60 * DAY).toISOString() }),
      opening("today", { publishedAt: NOW.toISOString() }),
      opening("tomorrow", { publishedAt: new Date(NOW.getTime() + DAY).toISOString() }),
    ]);
    expect(search(engine).results.map((r) => [r.opening, r.score])).toEqual([
      ["today", 1],
      ["tomorrow", 1],
      ["month", 0.5],
      ["two-months", 0.25],
    ]);
  });

  it("scores closeness 1 − d / maxDistanceKm and cuts at min(service radius, maxDistanceKm)", () => {
    const east = (km: number) => ({
      lat: HOME.lat,
      lon: HOME.lon + km / (111.195 * Math.cos((HOME.lat * Math.PI) / 180)),
    });
    const places = {
      near: { ...north(2), radiusKm: 20 },
      edge: { ...north(9.9), radiusKm: 10 },
      beyondMax: { ...north(12), radiusKm: 50 },
      beyondOwn: { ...north(5), radiusKm: 3 },
      eastIn: { ...east(9.5), radiusKm: 50 },
      eastOut: { ...east(10.6), radiusKm: 50 },
      south: { lat: HOME.lat - 0.03, lon: HOME.lon, radiusKm: 50 },
    };
    const engine = searchEngine(
      { weights: { distance: 1 }, maxDistanceKm: 10 },
      Object.entries(places).map(([id, place]) => opening(id, place)),
    );
    const { results, matched } = search(engine);
    const expected = ["near", "south", "eastIn", "edge"].map((id) => {
      const km = haversineKm(HOME, places[id as keyof typeof places]);
      return { id, km, score: 1 - km / 10 };
    });
    expect(matched).toBe(4);
    expect(ids(results)).toEqual(expected.map((e) => e.id));
    results.forEach((r, i) => {
      expect(r.distanceKm).toBeCloseTo(expected[i]?.km ?? -1, 2);
      expect(r.score).toBeCloseTo(expected[i]?.score ?? -1, 4); // micro-degrees: ±0.1 m
    });
  });

  it("keeps the top `limit` of many, in order, each opening once", () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      opening(`o${i}`, { rating: ((i * 37) % 300) / 100, lat: HOME.lat + (i % 17) / 1000 }),
    );
    const engine = searchEngine({ weights: { rating: 1 } }, many);
    const { results, matched } = search(engine, "", 25);
    expect(matched).toBe(300);
    // ratings are (i × 37 mod 300) / 100, all different: the best 25 are 2.99 down to 2.75
    expect(results.map((r) => r.score)).toEqual(
      Array.from({ length: 25 }, (_, k) => (299 - k) / 500),
    );
    expect(new Set(ids(results)).size).toBe(25);
  });
});

describe("text relevance", () => {
  // N = 4 openings, mean length 2.5 tokens; "roses": df 3. With one word, the relevance is
  // tf / (tf + 1.2 × (0.25 + 0.75 × length / 2.5)), title counting 2 and description 1.
  const openings = [
    opening("t1", { title: "Red roses" }), // tf 2, length 2: 2 / (2 + 1.02) = 0.662252
    opening("t2", { title: "Bouquet", description: "roses and tulips" }), // tf 1, length 4: 1 / 2.74
    opening("t3", { title: "Roses", description: "roses everywhere" }), // tf 3, length 3: 3 / 4.38
    opening("t4", { title: "Tulips" }),
  ];
  const engine = searchEngine({ weights: { text: 1 } }, openings);

  it("ranks title matches over description matches, with BM25 saturation and length", () => {
    const { results, matched } = search(engine, "roses");
    expect(matched).toBe(3);
    expect(results.map((r) => [r.opening, r.score])).toEqual([
      ["t3", Number((3 / 4.38).toFixed(6))],
      ["t1", Number((2 / 3.02).toFixed(6))],
      ["t2", Number((1 / 2.74).toFixed(6))],
    ]);
  });

  it("needs every word of q, split like the encoder splits", () => {
    expect(ids(search(engine, "ROSES, tulips!").results)).toEqual(["t2"]);
    expect(ids(search(engine, "Roses roses").results)).toEqual(["t3", "t1", "t2"]);
    expect(search(engine, "orchids")).toEqual({ results: [], matched: 0, eligibleAds: 0 });
    expect(search(engine, "roses orchids").matched).toBe(0);
    expect(search(engine, "").matched).toBe(4);
  });

  it("finds a common word held as a bitmap, alone and with a rare one", () => {
    // 40 openings: "fresh" is in 30 (a bitmap), "lilies" in 2 (a list); every 5th is 60 km away.
    const mixed = Array.from({ length: 40 }, (_, i) =>
      opening(`m${i}`, {
        ...(i % 5 === 0 ? north(60) : north(i / 10)),
        title: i % 4 === 0 ? "Tulips" : "Fresh tulips",
        description: i % 20 === 3 ? "lilies" : "",
      }),
    );
    const both = searchEngine({ weights: { text: 1 } }, mixed);
    const near = (i: number) => i % 5 !== 0;
    const fresh = mixed.filter((_, i) => i % 4 !== 0 && near(i)).map((o) => o.id);
    expect(
      search(both, "fresh", 100)
        .results.map((r) => r.opening)
        .sort(),
    ).toEqual(fresh.sort());
    expect(search(both, "tulips", 100).matched).toBe(32);
    expect(ids(search(both, "lilies fresh", 100).results).sort()).toEqual(["m23", "m3"]);
  });

  it("refuses more than 8 different words", () => {
    const nine = "a b c d e f g h i";
    expect(() => search(engine, nine)).toThrow(EngineError);
    try {
      search(engine, nine);
    } catch (error) {
      expect((error as EngineError).code).toBe(ErrorCode.BadInput);
      expect((error as Error).message).toMatch(/q has 9 different words; at most 8/);
    }
    expect(search(engine, "roses roses roses roses roses roses roses roses roses").matched).toBe(3);
  });
});

describe("sponsored slots", () => {
  // Weights: rating only, so the organic score (and an ad's quality factor) is stars / 5.
  // Slots 1 and 3, quality floor 0.5, reserve 100. Ad score = bid × score × quality × pacing.
  const openings = [
    opening("A", { rating: 5, ad: ad(300) }), // score 1.0, ad score 300
    opening("B", { rating: 4, ad: ad(400, 0.5) }), // quality 0.8 × 0.5 = 0.4 < floor: out
    opening("C", { rating: 4.5, ad: ad(250, 1, 0.8) }), // 0.9 × 0.8 = 0.72, ad score 180
    opening("D", { rating: 3, ad: ad(90) }), // bid under the reserve: out
    opening("E", { rating: 3.5, ad: ad(1000, 1, 0) }), // pacing 0: out
    opening("F", { rating: 2.5, ad: ad(200) }), // 0.5, ad score 100: eligible, third
    opening("G", { rating: 4.9 }), // no campaign
  ];
  const auction = {
    weights: { rating: 1 },
    slots: [1, 3],
    qualityFloor: 0.5,
    reservePrice: 100,
  };
  const engine = searchEngine(auction, openings);
  const row = (r: SearchResult) => [r.position, r.opening, r.sponsored, r.cpcMinor, r.score];

  it("fills the slots by ad score; each winner pays just enough to beat the next", () => {
    const { results, matched, eligibleAds } = search(engine, "", 5);
    expect([matched, eligibleAds]).toEqual([7, 3]);
    expect(results.map(row)).toEqual([
      [1, "A", true, 181, 1], // beats C's 180: floor(180 / 1.0) + 1
      [2, "G", false, 0, 0.98],
      [3, "C", true, 139, 0.9], // beats F's 100: floor(100 / 0.72) + 1
      [4, "B", false, 0, 0.8],
      [5, "E", false, 0, 0.7],
    ]);
    expect(results[0]?.campaign).toBe("c-300-1-1");
    expect(results[2]?.campaign).toBe("c-250-1-0.8");
  });

  it("never shows an opening twice: a winner is not repeated among organic results", () => {
    const { results } = search(engine, "", 20);
    expect(ids(results)).toEqual(["A", "G", "C", "B", "E", "D", "F"]);
  });

  it("offers only the slots within the limit", () => {
    expect(search(engine, "", 2).results.map(row)).toEqual([
      [1, "A", true, 181, 1],
      [2, "G", false, 0, 0.98],
    ]);
  });

  it("charges the reserve when nothing is left to beat, and never more than the bid", () => {
    const alone = searchEngine(auction, [opening("A", { rating: 5, title: "roses", ad: ad(300) })]);
    expect(search(alone, "roses").results.map(row)).toEqual([[1, "A", true, 100, 1]]);
    const tie = searchEngine(auction, [
      opening("A", { rating: 5, ad: ad(300, 1, 1, "c-a") }),
      opening("H", { rating: 5, ad: ad(300, 1, 1, "c-h") }),
    ]);
    // equal ad scores and bids: the lower opening index ranks first and pays its bid, not 301;
    // H takes the second slot, moved up to position 2, and has nothing left to beat
    expect(search(tie).results.map(row)).toEqual([
      [1, "A", true, 300, 1],
      [2, "H", true, 100, 1],
    ]);
  });

  it("moves a sponsored result up when organic results run out", () => {
    const few = searchEngine(auction, [
      opening("A", { rating: 5, ad: ad(300) }),
      opening("C", { rating: 4.5, ad: ad(250, 1, 0.8) }),
    ]);
    expect(search(few).results.map(row)).toEqual([
      [1, "A", true, 181, 1],
      [2, "C", true, 100, 0.9],
    ]);
  });

  it("shows no ads when the Ranking has no slots", () => {
    const plain = searchEngine({ weights: { rating: 1 } }, openings);
    const { results, eligibleAds } = search(plain, "", 3);
    expect(eligibleAds).toBe(0);
    expect(results.map(row)).toEqual([
      [1, "A", false, 0, 1],
      [2, "G", false, 0, 0.98],
      [3, "C", false, 0, 0.9],
    ]);
  });
});

describe("search input", () => {
  const engine = searchEngine({ weights: { rating: 1 } }, [opening("a")]);

  it("refuses coordinates and limits out of range", () => {
    for (const bad of [
      { lat: 91, lon: 0, limit: 1 },
      { lat: 0, lon: -181, limit: 1 },
      { lat: 0, lon: 0, limit: 0 },
      { lat: 0, lon: 0, limit: 101 },
      { lat: Number.NaN, lon: 0, limit: 1 },
    ]) {
      expect(() => engine.search({ ...bad, at: NOW })).toThrow(/bad search/);
    }
  });

  it("answers with nothing far from every opening", () => {
    expect(engine.search({ lat: -33.9, lon: 151.2, at: NOW })).toEqual({
      results: [],
      matched: 0,
      eligibleAds: 0,
    });
  });
});
