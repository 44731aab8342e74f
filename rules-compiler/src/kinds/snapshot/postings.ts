/**
 * The snapshot's POSTINGS (docs/marketplace.md): for each token, the openings holding it with
 * the fields they hold it in, as whichever is smaller: a **packed list** (blocks of 64 entries,
 * each entry a LEB128 varint of the gap to the previous opening and the field bits, each block
 * headed by its first opening so a reader can skip to any opening) or a **bitmap** (2 bits per
 * opening: the very common words).
 */
export const PostingsForm = { list: 1, bitmap: 2 } as const;
export const BLOCK_ENTRIES = 64;

export interface TokenPostings {
  df: number;
  form: number;
  /** Byte offset into POSTINGS (4-aligned). */
  start: number;
}

/** `lists[k]` holds `opening × 4 + field` entries, increasing; `n` openings in all. */
export function encodePostings(
  lists: readonly number[][],
  n: number,
): { tokens: TokenPostings[]; bytes: Uint8Array } {
  const parts: Uint8Array[] = [];
  const tokens: TokenPostings[] = [];
  let start = 0;
  const bitmapBytes = Math.ceil(n / 16) * 4;
  for (const list of lists) {
    const packed = packedList(list);
    const form = bitmapBytes < packed.length ? PostingsForm.bitmap : PostingsForm.list;
    const bytes = form === PostingsForm.bitmap ? bitmapOf(list, bitmapBytes) : packed;
    tokens.push({ df: list.length, form, start });
    parts.push(bytes);
    start += bytes.length;
  }
  const out = new Uint8Array(start);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return { tokens, bytes: out };
}

/** `u32 blocks`, `blocks × {u32 first opening, u32 end}`, then the varints; padded to 4. */
function packedList(list: readonly number[]): Uint8Array {
  const blocks = Math.ceil(list.length / BLOCK_ENTRIES);
  const head = new DataView(new ArrayBuffer(4 + blocks * 8));
  head.setUint32(0, blocks, true);
  const data: number[] = [];
  for (let b = 0; b < blocks; b++) {
    const entries = list.slice(b * BLOCK_ENTRIES, (b + 1) * BLOCK_ENTRIES);
    const first = Math.floor((entries[0] as number) / 4);
    let previous = first - 1;
    for (const entry of entries) {
      const opening = Math.floor(entry / 4);
      varint(data, (opening - previous - 1) * 4 + (entry % 4));
      previous = opening;
    }
    head.setUint32(4 + b * 8, first, true);
    head.setUint32(8 + b * 8, data.length, true);
  }
  const out = new Uint8Array((4 + blocks * 8 + data.length + 3) & ~3);
  out.set(new Uint8Array(head.buffer), 0);
  out.set(data, 4 + blocks * 8);
  return out;
}

/** LEB128: 7 bits a byte, low first, the high bit set on every byte but the last. */
function varint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** 2 bits per opening (bit 0 title, bit 1 description), 16 openings a little-endian word. */
function bitmapOf(list: readonly number[], length: number): Uint8Array {
  const bits = new Uint32Array(length / 4);
  for (const entry of list) {
    const opening = Math.floor(entry / 4);
    const word = opening >>> 4;
    bits[word] = ((bits[word] as number) | ((entry % 4) << ((opening & 15) * 2))) >>> 0;
  }
  const out = new Uint8Array(length);
  const view = new DataView(out.buffer);
  bits.forEach((w, i) => {
    view.setUint32(i * 4, w, true);
  });
  return out;
}
