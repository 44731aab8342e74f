// A loaded snapshot read in place, in the engine's memory (never copied out):
// the host needs only a few strings per search, so what a result shows is
// decoded from TEXT when a result names it, and query words are found by binary
// search of the sorted dictionary. Only used after `loadSnapshot` accepted the
// bytes.
import {
  Abi,
  AdField,
  Header,
  type OpeningArray,
  RecordWords,
  Section,
  SnapshotMeta,
  TextLayout,
  TokenField,
} from "../assembly/abi.ts";
import { NONE } from "./view.ts";

const decoder = new TextDecoder();
const encoder = new TextEncoder();
/** ASCII of the lowercase hex digits. */
const HEX = encoder.encode("0123456789abcdef");

export class SnapshotView {
  readonly count: number;
  readonly #bytes: Uint8Array;
  readonly #words: Uint32Array;
  readonly #strings: number;
  readonly #blob: number;
  readonly #meta: number;
  readonly #openings: number;
  readonly #ads: number;
  readonly #tokens: number;
  /** TEXT: its symbols, where its offsets and its blob start. */
  readonly #symbols: Uint8Array[];
  readonly #textOffsets: number;
  readonly #textBlob: number;
  readonly #textCount: number;
  /** Decoded TEXT entries by index, each decoded at most once; made at the first. */
  #decoded: (string | undefined)[] | null = null;

  /** `bytes` is the snapshot where the engine holds it (4-byte aligned). */
  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >>> 2);
    const sections = new Map<number, number>();
    for (let i = 0; i < this.#word(Header.SectionCount); i++) {
      const entry = Abi.HeaderBytes + i * Abi.SectionEntryBytes;
      sections.set(this.#word(entry), this.#word(entry + 4));
    }
    const at = (id: Section) => sections.get(id) ?? 0;
    this.#strings = at(Section.Strings);
    this.#blob = this.#strings + 4 + this.#word(this.#strings) * RecordWords.String * 4;
    this.#meta = at(Section.SnapshotMeta);
    this.#openings = at(Section.Openings);
    this.#ads = at(Section.Ads);
    this.#tokens = at(Section.Tokens);
    this.count = this.meta(SnapshotMeta.Count);
    const text = at(Section.Text);
    const symbolCount = this.#word(text + TextLayout.SymbolCount);
    this.#symbols = Array.from({ length: symbolCount }, (_, k) => {
      const record = text + TextLayout.FirstSymbol + k * TextLayout.SymbolBytes;
      return bytes.slice(record + 4, record + 4 + this.#word(record));
    });
    this.#textOffsets = text + TextLayout.FirstSymbol + symbolCount * TextLayout.SymbolBytes;
    this.#textCount = this.#word(text + TextLayout.Count);
    this.#textBlob = this.#textOffsets + (this.#textCount + 1) * 4;
  }

  /**
   * Entry `i` of TEXT, decoded: symbols, escaped bytes and UUIDs back to UTF-8. Each entry is
   * decoded once and kept for the snapshot's life (at most one string per entry; the strings of
   * shown openings only). A capped cache that started over when full kept making new strings
   * that outlived a scavenge: every young-generation GC copied them, ~2–3 ms each, and those
   * pauses were the search's p99 at 500/s (docs/performance.md, "Search").
   */
  text(i: number): string {
    this.#decoded ??= new Array<string | undefined>(this.#textCount);
    let text = this.#decoded[i];
    if (text === undefined) {
      text = this.#decode(i);
      if (i >= 0 && i < this.#textCount) this.#decoded[i] = text;
    }
    return text;
  }

  #decode(i: number): string {
    const bytes = this.#bytes;
    const from = this.#textBlob + this.#word(this.#textOffsets + i * 4);
    const to = this.#textBlob + this.#word(this.#textOffsets + i * 4 + 4);
    const out = new Uint8Array((to - from) * 8 + 36);
    let length = 0;
    for (let at = from; at < to; ) {
      const code = bytes[at++] as number;
      if (code === TextLayout.Escape) {
        if (at < to) out[length++] = bytes[at++] as number;
      } else if (code === TextLayout.Uuid) {
        for (let k = 0; k < 16 && at < to; k++) {
          if (k === 4 || k === 6 || k === 8 || k === 10) out[length++] = 0x2d; // "-"
          const byte = bytes[at++] as number;
          out[length++] = HEX[byte >>> 4] as number;
          out[length++] = HEX[byte & 15] as number;
        }
      } else {
        const symbol = this.#symbols[code];
        if (symbol) {
          out.set(symbol, length);
          length += symbol.length;
        }
      }
    }
    return decoder.decode(out.subarray(0, length));
  }

  optionalText(i: number): string | null {
    return i === NONE ? null : this.text(i);
  }

  meta(field: SnapshotMeta): number {
    return this.#word(this.#meta + field * 4);
  }

  opening(array: OpeningArray, opening: number): number {
    return this.#word(this.#openings + (array * this.count + opening) * 4);
  }

  ad(record: number, field: AdField): number {
    return this.#word(this.#ads + (record * AdField.Words + field) * 4);
  }

  string(str: number): string {
    const record = this.#strings + 4 + str * RecordWords.String * 4;
    const start = this.#blob + this.#word(record);
    return decoder.decode(this.#bytes.subarray(start, start + this.#word(record + 4)));
  }

  /** The TOKENS index of `token`, or NONE when no opening has the word. */
  tokenId(token: string): number {
    const wanted = encoder.encode(token);
    let low = 0;
    let high = this.meta(SnapshotMeta.TokenCount);
    while (low < high) {
      const middle = (low + high) >>> 1;
      const order = this.#compare(
        this.#word(this.#tokens + (middle * TokenField.Words + TokenField.String) * 4),
        wanted,
      );
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle;
    }
    return NONE;
  }

  /** Byte order of string `str` against `bytes`, shorter first on a common prefix. */
  #compare(str: number, bytes: Uint8Array): number {
    const record = this.#strings + 4 + str * RecordWords.String * 4;
    const start = this.#blob + this.#word(record);
    const length = this.#word(record + 4);
    const common = Math.min(length, bytes.length);
    for (let i = 0; i < common; i++) {
      const d = (this.#bytes[start + i] as number) - (bytes[i] as number);
      if (d !== 0) return d;
    }
    return length - bytes.length;
  }

  #word(offset: number): number {
    return this.#words[offset >>> 2] as number;
  }
}
