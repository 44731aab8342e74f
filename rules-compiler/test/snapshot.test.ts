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
  const section = (id: number) => {
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    for (let i = 0; i < view.getUint32(12, true); i++) {
      if (view.getUint32(32 + i * 12, true) === id) {
        const at = view.getUint32(36 + i * 12, true);
        return bytes.subarray(at, at + view.getUint32(40 + i * 12, true));
      }
    }
    throw new Error(`no section ${id}`);
  };
  const u32 = (data: Uint8Array, at: number) =>
    new DataView(data.buffer, data.byteOffset).getUint32(at, true);

  // TEXT: count, symbols, offsets, blob; 254 = a UUID's 16 bytes, 255 = one literal byte.
  const textBytes = section(25);
  const symbolCount = u32(textBytes, 4);
  const symbols = Array.from({ length: symbolCount }, (_, k) =>
    textBytes.slice(12 + k * 12, 12 + k * 12 + u32(textBytes, 8 + k * 12)),
  );
  const offsets = 8 + symbolCount * 12;
  const blob = offsets + (u32(textBytes, 0) + 1) * 4;
  const text = (i: number): string | null => {
    if (i === NONE) return null;
    const out: number[] = [];
    const end = blob + u32(textBytes, offsets + i * 4 + 4);
    for (let at = blob + u32(textBytes, offsets + i * 4); at < end; ) {
      const code = textBytes[at++] as number;
      if (code === 255) out.push(textBytes[at++] as number);
      else if (code === 254) {
        const hex = [...textBytes.subarray(at, at + 16)]
          .map((x) => x.toString(16).padStart(2, "0"))
          .join("");
        at += 16;
        const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
        out.push(...new TextEncoder().encode(uuid));
      } else out.push(...(symbols[code] as Uint8Array));
    }
    return new TextDecoder().decode(Uint8Array.from(out));
  };

  // POSTINGS: a packed list (blocks of LEB128 varints) or a bitmap; as `opening × 4 + field`.
  const postings = section(24);
  const tokenWords = b.words(23);
  const tokens = Array.from({ length: meta[5] as number }, (_, k) => {
    const [str, df, form, start] = tokenWords.slice(k * 4, k * 4 + 4) as number[];
    const entries: number[] = [];
    if (form === 2) {
      for (let i = 0; i < n; i++) {
        const field = (u32(postings, (start as number) + (i >>> 4) * 4) >>> ((i & 15) * 2)) & 3;
        if (field) entries.push(i * 4 + field);
      }
    } else {
      const blocks = u32(postings, start as number);
      const data = (start as number) + 4 + blocks * 8;
      let at = data;
      for (let block = 0; block < blocks; block++) {
        let opening = u32(postings, (start as number) + 4 + block * 8) - 1;
        const end = data + u32(postings, (start as number) + 8 + block * 8);
        while (at < end) {
          let value = 0;
          let shift = 0;
          let byte: number;
          do {
            byte = postings[at++] as number;
            value += (byte & 0x7f) * 2 ** shift;
            shift += 7;
          } while (byte >= 0x80);
          opening += Math.floor(value / 4) + 1;
          entries.push(opening * 4 + (value % 4));
        }
      }
    }
    return { token: b.str(str as number), df, form, entries };
  });
  const ads = b.words(22);
  return {
    b,
    meta,
    n,
    column,
    signed,
    text,
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
    expect(s.b.ids).toEqual([1, 20, 21, 22, 23, 24, 25]);
    expect(s.meta).toEqual([
      2,
      s.b.strings.indexOf("SE"),
      s.b.strings.indexOf("florist"),
      s.b.strings.indexOf("SEK"),
      Math.floor(Date.parse("2026-11-21T10:00:30Z") / MINUTE),
      s.tokens.length,
      1,
      expect.any(Number), // postings bytes
    ]);
    expect(s.column("id").map(s.text)).toEqual(["south", "north"]);
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
    expect(s.column("provider").map(s.text)).toEqual(["p-bo", "p-anna"]);
    expect(s.column("title").map(s.text)).toEqual(["Tulips", "Röda ROSOR"]);
    expect(s.column("media").map(s.text)).toEqual([null, "https://media.example/north.jpg"]);
    expect(s.ads.map(([o, c, ...rest]) => [o, s.text(c as number), ...rest])).toEqual([
      [1, "c-1", 500, 800, 250],
    ]);

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
    // a bitmap of 2 openings is one word, shorter than any list: every token here is a bitmap
    expect(byToken.tulips).toEqual({
      token: "tulips",
      df: 2,
      form: 2,
      entries: [0 * 4 + 1, 1 * 4 + 2],
    });
    expect(byToken.rosor).toEqual({ token: "rosor", df: 1, form: 2, entries: [1 * 4 + 1] });
  });

  it("keeps rare words as lists in blocks of 64 and very common ones as bitmaps", () => {
    const many = Array.from({ length: 2000 }, (_, i) =>
      opening(`o${String(i).padStart(4, "0")}`, {
        lat: 50 + i / 1000,
        title: "Tulips",
        description: `${i % 15 === 0 ? "roses" : ""} ${i % 4 ? "fresh" : ""}`,
      }),
    );
    const s = read(encodeSnapshot(input(many)).bytes);
    const token = (word: string) => s.tokens.find((t) => t.token === word);
    const roses = many.flatMap((_, i) => (i % 15 === 0 ? [i * 4 + 2] : []));
    expect(token("roses")).toEqual({ token: "roses", df: 134, form: 1, entries: roses });
    const fresh = many.flatMap((_, i) => (i % 4 ? [i * 4 + 2] : []));
    expect(token("fresh")).toEqual({ token: "fresh", df: 1500, form: 2, entries: fresh });
    expect(token("tulips")).toMatchObject({ df: 2000, form: 2 });
    // 134 entries make 3 blocks: the block count, then each block's first opening and the end of
    // its bytes (a gap of 14 with field 2 is the one-byte varint 58)
    const postings = s.b.words(24);
    const start = (s.b.words(23)[s.tokens.indexOf(token("roses") as never) * 4 + 3] as number) / 4;
    expect(postings.slice(start, start + 7)).toEqual([3, 0, 64, 64 * 15, 128, 128 * 15, 134]);
  });

  it("compresses what an answer shows, UUIDs in 16 bytes, and reads it back exactly", () => {
    const hex = (i: number, width: number) =>
      (i * 2654435761).toString(16).padStart(width, "0").slice(-width);
    const uuid = (i: number) =>
      `${hex(i, 8)}-${hex(i + 1, 4)}-4${hex(i + 2, 3)}-a${hex(i + 3, 3)}-${hex(i + 4, 12)}`;
    const many = Array.from({ length: 300 }, (_, i) =>
      opening(uuid(i), {
        lat: 59 + i / 1000,
        providerId: uuid(i % 50),
        title: ["Röda rosor & tulpaner", "Bröllopsbuketter — 25 % rabatt", "Kransar 🌹"][
          i % 3
        ] as string,
        mediaUrl: i % 4 ? `https://media.example/openings/${uuid(i)}/cover.jpg` : null,
        ad: i % 10 ? null : { campaignId: uuid(i + 7), bidMinor: 300, quality: 1, pacing: 1 },
      }),
    );
    const s = read(encodeSnapshot(input(many)).bytes);
    const byId = new Map(many.map((o) => [o.id, o]));
    s.column("id").forEach((text, i) => {
      const o = byId.get(s.text(text) as string);
      expect(o).toBeDefined();
      expect(s.text(s.column("provider")[i] as number)).toBe(o?.providerId);
      expect(s.text(s.column("title")[i] as number)).toBe(o?.title);
      expect(s.text(s.column("media")[i] as number)).toBe(o?.mediaUrl);
    });
    const shown = many.flatMap((o) => [o.id, o.providerId, o.title, o.mediaUrl ?? ""]);
    const raw = new TextEncoder().encode([...new Set(shown)].join("")).length;
    expect(s.b.words(25).length * 4).toBeLessThan(raw * 0.6);
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
