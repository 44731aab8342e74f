import { tokenize } from "@switchboard/wasm";
import { describe, expect, it } from "vitest";
import {
  encodeSnapshot,
  SnapshotError,
  type SnapshotInput,
  type SnapshotOpening,
  sha256Hex,
} from "../src/index.ts";
import { NONE, readBundle } from "./bundle-reader.ts";

const MINUTE = 60_000;

function opening(id: string, over: Partial<SnapshotOpening> = {}): SnapshotOpening {
  return {
    id,
    providerId: "p-anna",
    title: "Roses",
    description: "",
    lat: 59.33,
    lon: 18.06,
    radiusKm: 10,
    rating: 4.5,
    responseRate: 0.9,
    publishedAt: "2026-11-01T00:00:00Z",
    priceMinor: 25_000,
    mediaUrl: null,
    ad: null,
    ...over,
  };
}

function input(openings: SnapshotOpening[]): SnapshotInput {
  return {
    country: "SE",
    category: "florist",
    currency: "SEK",
    createdAt: "2026-11-21T10:00:30Z",
    openings,
  };
}

/** The snapshot read back by docs/marketplace.md alone: every array by its documented name. */
function read(bytes: Uint8Array) {
  const b = readBundle(bytes);
  const meta = b.words(20);
  const n = meta[0] as number;
  const arrays = b.words(21);
  const names = [
    "latE6",
    "lonE6",
    "radiusM",
    "publishedMinute",
    "priceMinor",
    "scores",
    "lengths",
    "id",
    "provider",
    "title",
    "media",
  ];
  expect(arrays).toHaveLength(names.length * n);
  const column = (name: string) => {
    const k = names.indexOf(name);
    return arrays.slice(k * n, (k + 1) * n);
  };
  const signed = (name: string) => column(name).map((w) => w | 0);
  const tokenWords = b.words(23);
  const postings = b.words(24);
  const tokens = Array.from({ length: meta[5] as number }, (_, k) => {
    const [str, df, form, start] = tokenWords.slice(k * 4, k * 4 + 4) as number[];
    const words = postings.slice(
      start,
      (start as number) + (form === 1 ? (df as number) : Math.ceil(n / 16)),
    );
    return { token: b.str(str as number), df, form, words };
  });
  const ads = b.words(22);
  return {
    b,
    meta,
    n,
    column,
    signed,
    tokens,
    ads: Array.from({ length: meta[6] as number }, (_, k) => ads.slice(k * 5, k * 5 + 5)),
  };
}

describe("snapshots", () => {
  it("lays out openings by latitude with every documented field", () => {
    const { bytes, hash } = encodeSnapshot(
      input([
        opening("north", {
          lat: 59.4,
          lon: 18.1,
          title: "Röda ROSOR",
          description: "Roses and tulips, same-day delivery",
          radiusKm: 2.5,
          rating: 4.25,
          responseRate: 0.5,
          publishedAt: "2026-11-20T10:00:59+01:00",
          priceMinor: 30_000,
          mediaUrl: "https://media.example/north.jpg",
          ad: { campaignId: "c-1", bidMinor: 500, quality: 0.8, pacing: 0.25 },
        }),
        opening("south", { lat: -33.9, lon: -18.4, providerId: "p-bo", title: "Tulips" }),
      ]),
    );
    expect(hash).toBe(sha256Hex(bytes));
    const s = read(bytes);
    expect(s.b.kind).toBe(6);
    expect(s.b.ids).toEqual([1, 20, 21, 22, 23, 24]);
    expect(s.meta).toEqual([
      2,
      s.b.strings.indexOf("SE"),
      s.b.strings.indexOf("florist"),
      s.b.strings.indexOf("SEK"),
      Math.floor(Date.parse("2026-11-21T10:00:30Z") / MINUTE),
      s.tokens.length,
      1,
      s.b.words(24).length,
    ]);
    expect(s.column("id").map((i) => s.b.str(i))).toEqual(["south", "north"]);
    expect(s.signed("latE6")).toEqual([-33_900_000, 59_400_000]);
    expect(s.signed("lonE6")).toEqual([-18_400_000, 18_100_000]);
    expect(s.column("radiusM")).toEqual([10_000, 2_500]);
    expect(s.column("publishedMinute")[1]).toBe(
      Math.floor(Date.parse("2026-11-20T09:00:59Z") / MINUTE),
    );
    expect(s.column("priceMinor")).toEqual([25_000, 30_000]);
    // rating × 1000 in the low 16 bits, response rate × 1000 in the high 16
    expect(s.column("scores")).toEqual([4500 | (900 << 16), 4250 | (500 << 16)]);
    // title tokens low, description tokens high: "roses and tulips same day delivery" is 6
    expect(s.column("lengths")).toEqual([1, 2 | (6 << 16)]);
    expect(s.column("provider").map((i) => s.b.str(i))).toEqual(["p-bo", "p-anna"]);
    expect(s.column("title").map((i) => s.b.str(i))).toEqual(["Tulips", "Röda ROSOR"]);
    expect(s.column("media")).toEqual([
      NONE,
      s.b.strings.indexOf("https://media.example/north.jpg"),
    ]);
    expect(s.ads).toEqual([[1, s.b.strings.indexOf("c-1"), 500, 800, 250]]);

    const byToken = Object.fromEntries(s.tokens.map((t) => [t.token, t]));
    expect(s.tokens.map((t) => t.token)).toEqual([
      "and",
      "day",
      "delivery",
      "roses",
      "rosor",
      "röda",
      "same",
      "tulips",
    ]);
    // a list costs a word per opening, a bitmap one per 16: with 2 openings, a word in both is a bitmap
    expect(byToken.tulips).toEqual({ token: "tulips", df: 2, form: 2, words: [1 | (2 << 2)] });
    expect(byToken.rosor).toEqual({ token: "rosor", df: 1, form: 1, words: [1 * 4 + 1] });
  });

  it("keeps the postings of very common words as a 2-bit bitmap", () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      opening(`o${String(i).padStart(2, "0")}`, {
        lat: 59 + i / 100,
        title: i % 2 ? "Roses" : "Tulips",
        description: i % 4 === 0 ? "roses" : "fresh",
      }),
    );
    const s = read(encodeSnapshot(input(many)).bytes);
    const roses = s.tokens.find((t) => t.token === "roses");
    expect(roses).toMatchObject({ df: 30, form: 2 });
    const field = (i: number) => ((roses?.words[i >>> 4] as number) >>> ((i & 15) * 2)) & 3;
    expect(Array.from({ length: 40 }, (_, i) => field(i))).toEqual(
      many.map((_, i) => (i % 2 ? 1 : 0) | (i % 4 === 0 ? 2 : 0)),
    );
    expect(s.tokens.find((t) => t.token === "fresh")).toMatchObject({ df: 30, form: 2 });
  });

  it("makes the same bytes from the same openings in any order", () => {
    const openings = Array.from({ length: 30 }, (_, i) =>
      opening(`o-${i}`, {
        lat: 59 + (i % 7) / 10,
        lon: 18 + (i % 3) / 10,
        title: ["Roses", "Tulips", "Lilies"][i % 3] as string,
        ad: i % 5 ? null : { campaignId: `c-${i}`, bidMinor: 100 + i, quality: 0.5, pacing: 1 },
      }),
    );
    const a = encodeSnapshot(input(openings));
    const b = encodeSnapshot(input([...openings].reverse()));
    expect(b.hash).toBe(a.hash);
    expect(b.bytes).toEqual(a.bytes);
  });

  it("indexes with the tokenizer the edge uses for queries", () => {
    expect(tokenize("Röda ROSOR, 12 st.")).toEqual(["röda", "rosor", "12", "st"]);
    expect(tokenize("ﬁne Ｆｕｌｌ")).toEqual(["fine", "full"]);
    const s = read(encodeSnapshot(input([opening("o", { title: "ＲＯＳＥＳ!" })])).bytes);
    expect(s.tokens.map((t) => t.token)).toEqual(tokenize("roses"));
  });

  it("takes an empty category", () => {
    const s = read(encodeSnapshot(input([])).bytes);
    expect(s.meta.slice(0, 1)).toEqual([0]);
    expect(s.tokens).toEqual([]);
  });

  it("refuses invalid openings, naming each opening and field", () => {
    const refusal = (openings: unknown[], over: Partial<SnapshotInput> = {}) => {
      try {
        encodeSnapshot({ ...input(openings as SnapshotOpening[]), ...over });
      } catch (error) {
        expect(error).toBeInstanceOf(SnapshotError);
        return error as SnapshotError;
      }
      throw new Error("accepted");
    };
    const bad = refusal([
      opening("ok"),
      opening("far", { lat: 91 }),
      opening("ok"),
      opening("cheap", { ad: { campaignId: "c", bidMinor: 1.5, quality: 2, pacing: 1 } }),
      { ...opening("when"), publishedAt: "yesterday" },
    ]);
    expect(bad.issues.map(({ index, opening, path }) => [index, opening, path.join(".")])).toEqual([
      [1, "far", "lat"],
      [2, "ok", "id"],
      [3, "cheap", "ad.bidMinor"],
      [3, "cheap", "ad.quality"],
      [4, "when", "publishedAt"],
    ]);
    expect(bad.message).toContain('openings[1] (id "far").lat: lat must be from -90 to 90');
    expect(bad.message).toContain('openings[2] (id "ok").id: the id is also openings[0]\'s');

    const head = refusal([opening("a", { title: "" })], { country: "se", currency: "kr" });
    expect(head.message).toMatch(/^snapshot refused: snapshot\.country: expected an ISO 3166-1/);
    expect(head.issues.map((i) => i.path.join("."))).toEqual(["country", "currency", "title"]);
  });
});
