/**
 * The snapshot's TEXT section (docs/marketplace.md): the strings a search answer shows (ids,
 * titles, photo URLs), each compressed on its own so a host decodes only the few it returns.
 * A static symbol table in the manner of FSST (Boncz et al., "FSST: Fast Random Access String
 * Compression", VLDB 2020): up to 254 symbols of 1–8 bytes, chosen from the snapshot's own text
 * over a few rounds by how many bytes each saves; a code byte stands for a symbol, 255 escapes
 * one literal byte, and 254 stands for a canonical lowercase UUID given as its 16 bytes (ids
 * and the URLs that embed them are most of the text, and hex letters compress poorly).
 */
export const TextCode = { uuid: 254, escape: 255, maxSymbols: 254 } as const;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const MAX_SYMBOL = 8;
const ROUNDS = 5;
/** Text sampled to choose the symbols: plenty to find the common pieces, cheap to scan. */
const SAMPLE_BYTES = 1 << 17;
const encoder = new TextEncoder();

/** A chosen symbol: its bytes, as a latin1 string (a Map key) and as bytes. */
type SymbolTable = string[];

export interface TextSection {
  symbols: SymbolTable;
  /** The section's bytes (docs/marketplace.md, "TEXT"). */
  bytes: Uint8Array;
}

/** Strings → the TEXT section; string `i` is entry `i`. */
export function encodeText(strings: readonly string[]): TextSection {
  const pieces = strings.map(split);
  const symbols = chooseSymbols(pieces);
  const lookup = lookupOf(symbols);
  const encoded = pieces.map((p) => compress(p, lookup));
  const blobLength = encoded.reduce((n, e) => n + e.length, 0);
  const head = 2 + symbols.length * 3 + strings.length + 1;
  const out = new Uint8Array(head * 4 + ((blobLength + 3) & ~3));
  const view = new DataView(out.buffer);
  view.setUint32(0, strings.length, true);
  view.setUint32(4, symbols.length, true);
  symbols.forEach((symbol, k) => {
    const at = 8 + k * 12;
    view.setUint32(at, symbol.length, true);
    for (let i = 0; i < symbol.length; i++) out[at + 4 + i] = symbol.charCodeAt(i);
  });
  const offsets = 8 + symbols.length * 12;
  let blob = head * 4;
  let offset = 0;
  encoded.forEach((e, i) => {
    view.setUint32(offsets + i * 4, offset, true);
    out.set(e, blob);
    blob += e.length;
    offset += e.length;
  });
  view.setUint32(offsets + strings.length * 4, offset, true);
  return { symbols, bytes: out };
}

/** A string's UTF-8 bytes cut around its UUIDs: [bytes, uuid bytes, bytes, …]. */
interface Pieces {
  plain: Uint8Array[];
  uuids: Uint8Array[];
}

function split(text: string): Pieces {
  const plain: Uint8Array[] = [];
  const uuids: Uint8Array[] = [];
  let last = 0;
  for (const match of text.matchAll(UUID)) {
    plain.push(encoder.encode(text.slice(last, match.index)));
    const uuid = new Uint8Array(16);
    for (let i = 0, at = match.index; i < 16; i++) {
      if (text.charCodeAt(at) === 0x2d) at++; // "-"
      uuid[i] = (hexValue(text.charCodeAt(at)) << 4) | hexValue(text.charCodeAt(at + 1));
      at += 2;
    }
    uuids.push(uuid);
    last = match.index + match[0].length;
  }
  plain.push(encoder.encode(last === 0 ? text : text.slice(last)));
  return { plain, uuids };
}

/** A lowercase hex digit's value ("0"–"9", "a"–"f"). */
function hexValue(code: number): number {
  return code <= 0x39 ? code - 0x30 : code - 0x57;
}

/**
 * The symbols by their first two bytes (longest first), and the one-byte symbols by byte: a
 * position is matched against a handful of candidates, not the whole table.
 */
interface Lookup {
  pairs: Map<number, { bytes: Uint8Array; code: number }[]>;
  single: Int16Array;
}

function lookupOf(symbols: SymbolTable): Lookup {
  const pairs: Lookup["pairs"] = new Map();
  const single = new Int16Array(256).fill(-1);
  symbols.forEach((symbol, code) => {
    const bytes = Uint8Array.from(symbol, (ch) => ch.charCodeAt(0));
    if (bytes.length === 1) {
      single[bytes[0] as number] = code;
      return;
    }
    const key = ((bytes[0] as number) << 8) | (bytes[1] as number);
    const list = pairs.get(key) ?? [];
    list.push({ bytes, code });
    list.sort((a, b) => b.bytes.length - a.bytes.length || a.code - b.code);
    pairs.set(key, list);
  });
  return { pairs, single };
}

/** The longest symbol at `at`: its code and length, or code −1 (the byte is escaped). */
function match(bytes: Uint8Array, at: number, lookup: Lookup): { code: number; length: number } {
  if (at + 1 < bytes.length) {
    const candidates = lookup.pairs.get(((bytes[at] as number) << 8) | (bytes[at + 1] as number));
    for (const { bytes: symbol, code } of candidates ?? []) {
      if (at + symbol.length > bytes.length) continue;
      let i = 2;
      while (i < symbol.length && bytes[at + i] === symbol[i]) i++;
      if (i === symbol.length) return { code, length: symbol.length };
    }
  }
  return { code: lookup.single[bytes[at] as number] as number, length: 1 };
}

function compress({ plain, uuids }: Pieces, lookup: Lookup): Uint8Array {
  const out = new Uint8Array(plain.reduce((n, b) => n + b.length * 2, 0) + uuids.length * 17);
  let length = 0;
  plain.forEach((bytes, k) => {
    for (let at = 0; at < bytes.length; ) {
      const found = match(bytes, at, lookup);
      if (found.code >= 0) {
        out[length++] = found.code;
        at += found.length;
      } else {
        out[length++] = TextCode.escape;
        out[length++] = bytes[at++] as number;
      }
    }
    const uuid = uuids[k];
    if (uuid) {
      out[length++] = TextCode.uuid;
      out.set(uuid, length);
      length += 16;
    }
  });
  return out.subarray(0, length);
}

const latin1 = (bytes: Uint8Array, from: number, to: number) =>
  String.fromCharCode(...bytes.subarray(from, to));

/**
 * Rounds of: compress a sample with the symbols so far, count each symbol used and each pair
 * used side by side (as one longer symbol), keep the 254 that save the most bytes. Ties go to
 * the smaller bytes, so the same text always chooses the same table.
 */
function chooseSymbols(pieces: Pieces[]): SymbolTable {
  const sample: Uint8Array[] = [];
  const total = pieces.reduce((n, p) => n + p.plain.reduce((m, b) => m + b.length, 0), 0);
  const every = Math.max(1, Math.ceil(total / SAMPLE_BYTES));
  pieces.forEach((p, i) => {
    if (i % every === 0) sample.push(...p.plain.filter((b) => b.length > 0));
  });
  let symbols: SymbolTable = [];
  for (let round = 0; round < ROUNDS; round++) {
    const lookup = lookupOf(symbols);
    const gains = new Map<string, number>();
    const add = (symbol: string) => gains.set(symbol, (gains.get(symbol) ?? 0) + symbol.length);
    for (const bytes of sample) {
      let previous: string | null = null;
      for (let at = 0; at < bytes.length; ) {
        const { length } = match(bytes, at, lookup);
        const symbol = latin1(bytes, at, at + length);
        add(symbol);
        if (previous !== null && previous.length + symbol.length <= MAX_SYMBOL)
          add(previous + symbol);
        previous = symbol;
        at += length;
      }
    }
    symbols = [...gains]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, TextCode.maxSymbols)
      .map(([symbol]) => symbol);
  }
  return symbols;
}
