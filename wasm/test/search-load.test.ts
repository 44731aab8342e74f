// A damaged snapshot or Ranking is refused by the engine before any search runs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AdField,
  ErrorCode,
  Header,
  OpeningArray,
  RankingField,
  Section,
  SnapshotMeta,
  TokenField,
} from "../assembly/abi.ts";
import { BundleError, EngineError, SearchEngine } from "../src/index.ts";
import { sectionOffset, withWord } from "./bundle-bytes.ts";
import { bundleOf, engineModule } from "./compiled.ts";
import {
  ad,
  NOW,
  north,
  opening,
  rankingSource,
  rankingYaml,
  snapshotOf,
} from "./search-fixtures.ts";

const ranking = bundleOf(rankingSource);
// 200 openings (a bitmap's last word has bits past the last one): "fresh", "roses" and
// "tulips" are bitmaps, "lilies" (one opening) a packed list.
const openings = Array.from({ length: 200 }, (_, i) =>
  opening(`o${i}`, {
    ...north(i / 10),
    title: i % 3 ? "Fresh roses" : "Tulips",
    description: i === 7 ? "lilies" : "",
    rating: (i % 5) + 0.5,
    ad: i % 4 ? null : ad(300 + i),
  }),
);
const snapshot = snapshotOf(openings);
const word = (bytes: Uint8Array, offset: number) =>
  new DataView(bytes.buffer, bytes.byteOffset).getUint32(offset, true);
const section = (id: Section) => sectionOffset(snapshot, id);
const count = openings.length;
const tokenRecord = (t: number, field: TokenField) =>
  section(Section.Tokens) + (t * TokenField.Words + field) * 4;
const tokens = word(snapshot, section(Section.SnapshotMeta) + SnapshotMeta.TokenCount * 4);
const tokenOfForm = (form: number) =>
  Array.from({ length: tokens }, (_, t) => t).find(
    (t) => word(snapshot, tokenRecord(t, TokenField.Form)) === form,
  ) ?? -1;

function refusal(rankingBytes: Uint8Array, snapshotBytes: Uint8Array): BundleError {
  try {
    SearchEngine.load(engineModule, rankingBytes, snapshotBytes);
  } catch (error) {
    if (error instanceof BundleError) return error;
    throw error;
  }
  throw new Error("loaded");
}
const refused = (bytes: Uint8Array) => refusal(ranking, bytes).code;

describe("loadSnapshot refuses a damaged snapshot", () => {
  it("loads the undamaged one", () => {
    const engine = SearchEngine.load(engineModule, ranking, snapshot);
    expect(engine.snapshot).toEqual({
      country: "SE",
      category: "florist",
      currency: "SEK",
      createdAt: NOW.toISOString(),
      openings: 200,
      tokens: 4,
      ads: 50,
    });
    expect(engine.ranking).toMatchObject({ country: "SE", category: "florist", slots: [1, 5] });
  });

  it("with a wrong magic, a truncation or a padding", () => {
    const magic = snapshot.slice();
    magic[0] = 0x58;
    expect(refused(magic)).toBe(ErrorCode.BadMagic);
    expect(refused(snapshot.subarray(0, snapshot.length - 4))).toBe(ErrorCode.BadBounds);
    expect(refused(new Uint8Array([...snapshot, 0, 0, 0, 0]))).toBe(ErrorCode.BadBounds);
  });

  it("that is not a snapshot, or given as the Ranking", () => {
    expect(refused(ranking)).toBe(ErrorCode.NoSnapshot);
    expect(refusal(snapshot, snapshot).code).toBe(ErrorCode.NotPbx);
  });

  it("whose counts disagree with its sections", () => {
    const meta = section(Section.SnapshotMeta);
    expect(refused(withWord(snapshot, meta + SnapshotMeta.Count * 4, count + 1))).toBe(
      ErrorCode.BadBounds,
    );
    expect(refused(withWord(snapshot, meta + SnapshotMeta.AdCount * 4, 4))).toBe(
      ErrorCode.BadBounds,
    );
  });

  it("with openings out of latitude order or values out of range", () => {
    const at = (array: OpeningArray, i: number) =>
      section(Section.Openings) + (array * count + i) * 4;
    expect(refused(withWord(snapshot, at(OpeningArray.LatE6, 3), 0))).toBe(ErrorCode.BadRecord);
    expect(refused(withWord(snapshot, at(OpeningArray.RadiusM, 3), 0))).toBe(ErrorCode.BadRecord);
    expect(refused(withWord(snapshot, at(OpeningArray.Scores, 3), 5001))).toBe(ErrorCode.BadRecord);
    expect(refused(withWord(snapshot, at(OpeningArray.Title, 3), 1 << 20))).toBe(
      ErrorCode.BadReference,
    );
  });

  it("with an ad out of order or of quality over 1", () => {
    const at = (a: number, field: AdField) =>
      section(Section.Ads) + (a * AdField.Words + field) * 4;
    expect(refused(withWord(snapshot, at(1, AdField.Opening), 0))).toBe(ErrorCode.BadRecord);
    expect(refused(withWord(snapshot, at(1, AdField.QualityE3), 1001))).toBe(ErrorCode.BadRecord);
    expect(refused(withWord(snapshot, at(1, AdField.Campaign), 1 << 20))).toBe(
      ErrorCode.BadReference,
    );
  });

  it("with postings out of order, out of bounds, or a bitmap that disagrees with its df", () => {
    const list = tokenOfForm(1);
    const bitmap = tokenOfForm(2);
    expect([list, bitmap].every((t) => t >= 0)).toBe(true);
    const postings = section(Section.Postings);
    const listStart = word(snapshot, tokenRecord(list, TokenField.Start));
    expect(refused(withWord(snapshot, tokenRecord(list, TokenField.Start), 1 << 20))).toBe(
      ErrorCode.BadBounds,
    );
    // the list's block count, its first block's first opening, its first varint's field bits
    expect(refused(withWord(snapshot, postings + listStart, 2))).toBe(ErrorCode.BadBounds);
    expect(refused(withWord(snapshot, postings + listStart + 4, count))).toBe(ErrorCode.BadRecord);
    const varint = postings + listStart + 12;
    const damaged = snapshot.slice();
    damaged[varint] = (damaged[varint] ?? 0) & ~3;
    expect(refused(damaged)).toBe(ErrorCode.BadRecord);
    const bitmapStart = word(snapshot, tokenRecord(bitmap, TokenField.Start));
    const lastWord = postings + bitmapStart + 12 * 4; // openings 192–199, and 8 past the end
    expect(refused(withWord(snapshot, lastWord, word(snapshot, lastWord) | (1 << 30)))).toBe(
      ErrorCode.BadRecord,
    );
    expect(refused(withWord(snapshot, tokenRecord(bitmap, TokenField.Df), 1))).toBe(
      ErrorCode.BadRecord,
    );
    const firstToken = word(snapshot, tokenRecord(0, TokenField.String));
    expect(refused(withWord(snapshot, tokenRecord(1, TokenField.String), firstToken))).toBe(
      ErrorCode.BadRecord,
    );
  });

  it("of another country or category than the Ranking", () => {
    const other = bundleOf(rankingYaml({ weights: { rating: 1 }, category: "hairdresser" }));
    expect(refusal(other, snapshot).message).toMatch(
      /the Ranking ranks SE\/hairdresser, the snapshot holds SE\/florist/,
    );
    const everyCategory = bundleOf(rankingYaml({ weights: { rating: 1 }, category: null }));
    expect(SearchEngine.load(engineModule, everyCategory, snapshot).ranking.category).toBeNull();
  });
});

describe("load refuses a damaged Ranking", () => {
  const field = (f: RankingField) => sectionOffset(ranking, Section.Ranking) + f * 4;
  it("with no weight, a bad half-life or distance, or slots out of order", () => {
    let noWeight = ranking;
    for (let f = RankingField.WeightText; f <= RankingField.WeightFreshness; f++) {
      noWeight = withWord(noWeight, field(f), 0);
    }
    expect(refusal(noWeight, snapshot).code).toBe(ErrorCode.BadRecord);
    expect(refusal(withWord(ranking, field(RankingField.HalfLifeDays), 0), snapshot).code).toBe(
      ErrorCode.BadRecord,
    );
    expect(
      refusal(withWord(ranking, field(RankingField.MaxDistanceKm), 20_001), snapshot).code,
    ).toBe(ErrorCode.BadRecord);
    expect(refusal(withWord(ranking, field(RankingField.Category), 1 << 20), snapshot).code).toBe(
      ErrorCode.BadReference,
    );
    const slots = bundleOf(rankingYaml({ weights: { rating: 1 }, slots: [2, 4] }));
    const lists = sectionOffset(slots, Section.Lists);
    const data = lists + 4 + word(slots, lists) * 8;
    const first = word(slots, data);
    expect(first).toBe(2);
    expect(refusal(withWord(slots, data, 4), snapshot).code).toBe(ErrorCode.BadRecord);
  });
});

describe("random damage", () => {
  it("is refused by loadSnapshot, or searches run without trapping", () => {
    const header = Header.SectionTable + 4;
    fc.assert(
      fc.property(
        fc.integer({ min: header, max: snapshot.length - 4 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (offset, value) => {
          const damaged = withWord(snapshot, offset & ~3, value);
          let engine: SearchEngine;
          try {
            engine = SearchEngine.load(engineModule, ranking, damaged);
          } catch (error) {
            expect(error).toBeInstanceOf(BundleError);
            return;
          }
          for (const q of ["", "fresh", "roses lilies", "tulips"]) {
            try {
              const { results } = engine.search({ ...north(3), q, limit: 20, at: NOW });
              expect(results.map((r) => r.position)).toEqual(results.map((_, k) => k + 1));
            } catch (error) {
              expect(error).toBeInstanceOf(EngineError);
              expect((error as EngineError).code).not.toBe(ErrorCode.Trapped);
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
