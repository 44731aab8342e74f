/**
 * Snapshots (docs/marketplace.md, "Snapshot format", kind 6): the searchable openings of one
 * country and category as the engine ranks them. Openings are sorted by latitude, so a search
 * reads only the band of openings near the searcher; each token's postings are a packed list
 * of openings or a bitmap (postings.ts); what an answer shows is compressed text (text.ts).
 */
import { tokenize } from "@switchboard/wasm";
import { BundleKind, encodeBundle, Section, tableSections, words } from "../../codegen.ts";
import { sha256Hex } from "../../sha256.ts";
import { intern, NONE, Tables } from "../../tables.ts";
import { encodePostings } from "./postings.ts";
import {
  type SnapshotInput,
  SnapshotInputSchema,
  type SnapshotOpening,
  SnapshotOpeningSchema,
} from "./schema.ts";
import { encodeText } from "./text.ts";

/** The engine's limit on any bundle (docs/bundle-format.md). */
const MAX_BYTES = 64 * 2 ** 20;
/** Postings entry fields: the token is in the title, the description, or both. */
export const Field = { title: 1, description: 2 } as const;

export interface SnapshotIssue {
  /** index into `openings`, or -1 for the snapshot itself */
  index: number;
  /** the opening's id when it has a usable one */
  opening: string | null;
  path: (string | number)[];
  message: string;
}

/** Bad input to `encodeSnapshot`: every problem found, each naming the opening and field. */
export class SnapshotError extends Error {
  override readonly name = "SnapshotError";
  constructor(readonly issues: SnapshotIssue[]) {
    const where = (i: SnapshotIssue) =>
      i.index < 0
        ? "snapshot"
        : `openings[${i.index}]${i.opening === null ? "" : ` (id ${JSON.stringify(i.opening)})`}`;
    super(
      `snapshot refused: ${issues
        .slice(0, 5)
        .map((i) => `${where(i)}${i.path.map((p) => `.${p}`).join("")}: ${i.message}`)
        .join("; ")}${issues.length > 5 ? `; and ${issues.length - 5} more` : ""}`,
    );
  }
}

interface Row {
  opening: SnapshotOpening;
  latE6: number;
  lonE6: number;
  titleTokens: string[];
  descTokens: string[];
}

/**
 * The snapshot's bytes and their SHA-256. The same openings in any order make the same bytes.
 * Throws `SnapshotError` listing every invalid field (and ids used twice).
 */
export function encodeSnapshot(input: SnapshotInput): { bytes: Uint8Array; hash: string } {
  const rows = checked(input);
  rows.sort(
    (a, b) => a.latE6 - b.latE6 || a.lonE6 - b.lonE6 || (a.opening.id < b.opening.id ? -1 : 1),
  );
  const n = rows.length;
  const t = new Tables();
  const meta = [n, t.str(input.country), t.str(input.category), t.str(input.currency)];
  // What an answer shows goes to TEXT (compressed); STRINGS keeps the meta and the tokens.
  const texts: string[] = [];
  const textIndex = new Map<string, number>();
  const text = (s: string) => intern(textIndex, s, () => texts.push(s) - 1);

  const openings = new Uint32Array(n * OPENING_ARRAYS);
  const column = (k: number, i: number, value: number) => {
    openings[k * n + i] = value;
  };
  const ads: number[] = [];
  const postings = new Map<string, number[]>();
  rows.forEach((row, i) => {
    const o = row.opening;
    column(0, i, row.latE6);
    column(1, i, row.lonE6);
    column(2, i, Math.round(o.radiusKm * 1000));
    column(3, i, minuteOf(o.publishedAt));
    column(4, i, o.priceMinor);
    column(5, i, Math.round(o.rating * 1000) | (Math.round(o.responseRate * 1000) << 16));
    column(6, i, tokenCount(row.titleTokens) | (tokenCount(row.descTokens) << 16));
    column(7, i, text(o.id));
    column(8, i, text(o.providerId));
    column(9, i, text(o.title));
    column(10, i, o.mediaUrl === null ? NONE : text(o.mediaUrl));
    if (o.ad) {
      const { campaignId, bidMinor, quality, pacing } = o.ad;
      ads.push(
        i,
        text(campaignId),
        bidMinor,
        Math.round(quality * 1000),
        Math.round(pacing * 1000),
      );
    }
    const fields = new Map<string, number>();
    for (const token of row.titleTokens) fields.set(token, Field.title);
    for (const token of row.descTokens) {
      fields.set(token, (fields.get(token) ?? 0) | Field.description);
    }
    for (const [token, field] of fields) {
      let list = postings.get(token);
      if (!list) {
        list = [];
        postings.set(token, list);
      }
      list.push(i * 4 + field); // rows are visited in order, so each list is sorted by opening
    }
  });

  const tokens = [...postings.keys()].sort(byCodePoints);
  const encoded = encodePostings(
    tokens.map((token) => postings.get(token) as number[]),
    n,
  );
  const tokenWords = new Uint32Array(tokens.length * 4);
  encoded.tokens.forEach(({ df, form, start }, k) => {
    tokenWords.set([t.str(tokens[k] as string), df, form, start], k * 4);
  });

  meta.push(minuteOf(input.createdAt), tokens.length, ads.length / 5, encoded.bytes.length);
  const bytes = encodeBundle(BundleKind.Snapshot, [
    ...tableSections(t).filter(([id]) => id === Section.strings),
    [Section.snapshotMeta, words(meta)],
    [Section.openings, littleEndian(openings)],
    [Section.ads, words(ads)],
    [Section.tokens, littleEndian(tokenWords)],
    [Section.postings, encoded.bytes],
    [Section.text, encodeText(texts).bytes],
  ]);
  if (bytes.length > MAX_BYTES) {
    throw new SnapshotError([
      {
        index: -1,
        opening: null,
        path: ["openings"],
        message: `the snapshot would be ${bytes.length} bytes; the engine takes at most ${MAX_BYTES}: split the category`,
      },
    ]);
  }
  return { bytes, hash: sha256Hex(bytes) };
}

/** u32 arrays of OPENINGS, each N long (docs/marketplace.md). */
const OPENING_ARRAYS = 11;

/** Validates everything, returning rows ready to encode; throws SnapshotError with every issue. */
function checked(input: SnapshotInput): Row[] {
  const issues: SnapshotIssue[] = [];
  const head = SnapshotInputSchema.safeParse(input);
  if (!head.success) {
    for (const i of head.error.issues) {
      issues.push({
        index: -1,
        opening: null,
        path: i.path as (string | number)[],
        message: i.message,
      });
    }
    if (!Array.isArray(input?.openings)) throw new SnapshotError(issues);
  }
  const rows: Row[] = [];
  const firstIndex = new Map<string, number>();
  input.openings.forEach((raw, index) => {
    const rawId = (raw as { id?: unknown } | null)?.id;
    const opening = typeof rawId === "string" && rawId.length > 0 ? rawId : null;
    const parsed = SnapshotOpeningSchema.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        issues.push({ index, opening, path: i.path as (string | number)[], message: i.message });
      }
      return;
    }
    const o = parsed.data;
    const first = firstIndex.get(o.id);
    if (first !== undefined) {
      issues.push({ index, opening, path: ["id"], message: `the id is also openings[${first}]'s` });
      return;
    }
    firstIndex.set(o.id, index);
    rows.push({
      opening: o,
      latE6: Math.round(o.lat * 1e6),
      lonE6: Math.round(o.lon * 1e6),
      titleTokens: tokenize(o.title),
      descTokens: tokenize(o.description),
    });
  });
  if (issues.length > 0) throw new SnapshotError(issues);
  return rows;
}

/** Token counts are u16 in the snapshot; the length limits keep them far below. */
function tokenCount(tokens: string[]): number {
  return Math.min(tokens.length, 0xffff);
}

function minuteOf(iso: string): number {
  return Math.floor(Date.parse(iso) / 60_000);
}

/** Unicode code point order, which is UTF-8 byte order (JS `<` compares UTF-16 units). */
function byCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The bytes of u32 words, little-endian whatever the platform's order. */
function littleEndian(values: Uint32Array): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setUint32(i * 4, values[i] as number, true);
  return out;
}
