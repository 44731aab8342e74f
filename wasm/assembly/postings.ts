// The snapshot's POSTINGS (docs/marketplace.md): per token a packed list (blocks
// of 64 varint entries, each block headed by its first opening and the end of
// its bytes) or a bitmap (2 bits per opening). `load` decodes every list once
// (checkPostings); `rank` walks them with the readers and cursors below.
import { ErrorCode, PackedList, PostingsForm } from "./abi";

export let postingsAt: usize = 0;
export let postingsBytes: u32 = 0;
/** Openings in the snapshot: a posting names one of them. */
let openings: u32 = 0;

export function placePostings(at: usize, bytes: u32, count: u32): void {
  postingsAt = at;
  postingsBytes = bytes;
  openings = count;
}

export function bitmapWords(): u32 {
  return (openings + 15) >>> 4;
}

/** Word `w` of the bitmap at byte `start`. */
export function bitmapWord(start: u32, w: u32): u32 {
  return load<u32>(postingsAt + start + ((<usize>w) << 2));
}

/** The field bits (0: none) of `opening` in the bitmap at byte `start`. */
export function bitmapField(start: u32, opening: u32): u32 {
  return (bitmapWord(start, opening >>> 4) >>> ((opening & 15) << 1)) & 3;
}

// ---- packed lists ----

export function blockCount(start: u32): u32 {
  return load<u32>(postingsAt + start);
}

export function blockFirst(start: u32, block: u32): u32 {
  return load<u32>(postingsAt + start + 4 + <usize>block * PackedList.HeaderBytes);
}

/** Where block `block`'s varints start (absolute address). */
export function blockBegin(start: u32, blocks: u32, block: u32): usize {
  const data = postingsAt + start + 4 + <usize>blocks * PackedList.HeaderBytes;
  return block === 0 ? data : data + blockEndOffset(start, block - 1);
}

/** Where block `block`'s varints end (absolute address). */
export function blockEnd(start: u32, blocks: u32, block: u32): usize {
  const data = postingsAt + start + 4 + <usize>blocks * PackedList.HeaderBytes;
  return data + blockEndOffset(start, block);
}

function blockEndOffset(start: u32, block: u32): u32 {
  return load<u32>(postingsAt + start + 8 + <usize>block * PackedList.HeaderBytes);
}

/** The last block whose first opening is at most `opening`, searching [from, blocks); `from` if none. */
export function blockAtOrBefore(start: u32, from: u32, blocks: u32, opening: u32): u32 {
  let low = from;
  let high = blocks;
  while (high - low > 1) {
    const middle = (low + high) >>> 1;
    if (blockFirst(start, middle) <= opening) low = middle;
    else high = middle;
  }
  return low;
}

/** After `readVarint`: where the next varint starts. */
export let varintEnd: usize = 0;

/** The LEB128 varint at `at` (checked by load: at most 5 bytes, inside its block). */
export function readVarint(at: usize): u32 {
  let value: u32 = 0;
  let shift: u32 = 0;
  let p = at;
  for (;;) {
    const byte = <u32>load<u8>(p++);
    value |= (byte & 0x7f) << shift;
    if (byte < 0x80) break;
    shift += 7;
  }
  varintEnd = p;
  return value;
}

// ---- checks, once per load ----

/** A token's postings: in bounds, `df` openings strictly increasing, fields 1–3. */
export function checkPostings(form: u32, start: u32, df: u32): i32 {
  if ((start & 3) !== 0 || df === 0 || df > openings) return ErrorCode.BadRecord;
  if (form === PostingsForm.Bitmap) return checkBitmap(start, df);
  if (form === PostingsForm.List) return checkPacked(start, df);
  return ErrorCode.BadRecord;
}

function checkBitmap(start: u32, df: u32): i32 {
  const words = bitmapWords();
  if (<u64>start + ((<u64>words) << 2) > <u64>postingsBytes) return ErrorCode.BadBounds;
  let held: u32 = 0;
  for (let w: u32 = 0; w < words; w++) {
    const bits = bitmapWord(start, w);
    held += popcnt<u32>((bits | (bits >>> 1)) & 0x55555555);
  }
  const tail = openings & 15;
  if (tail !== 0 && bitmapWord(start, words - 1) >>> (tail * 2) !== 0) return ErrorCode.BadRecord;
  return held === df ? ErrorCode.Ok : ErrorCode.BadRecord;
}

function checkPacked(start: u32, df: u32): i32 {
  if (<u64>start + 4 > <u64>postingsBytes) return ErrorCode.BadBounds;
  const blocks = blockCount(start);
  const expected = (df + PackedList.BlockEntries - 1) / PackedList.BlockEntries;
  const dataAt = <u64>start + 4 + <u64>blocks * PackedList.HeaderBytes;
  if (blocks !== expected || dataAt > <u64>postingsBytes) return ErrorCode.BadBounds;
  let previous: i64 = -1;
  let previousEnd: u32 = 0;
  for (let b: u32 = 0; b < blocks; b++) {
    const first = blockFirst(start, b);
    const end = blockEndOffset(start, b);
    if (end < previousEnd || dataAt + <u64>end > <u64>postingsBytes) return ErrorCode.BadBounds;
    if (<i64>first <= previous) return ErrorCode.BadRecord;
    const entries =
      b + 1 < blocks ? <u32>PackedList.BlockEntries : df - b * PackedList.BlockEntries;
    const code = checkBlock(
      blockBegin(start, blocks, b),
      blockEnd(start, blocks, b),
      first,
      entries,
    );
    if (code !== ErrorCode.Ok) return code;
    previous = lastOpening;
    previousEnd = end;
  }
  return ErrorCode.Ok;
}

let lastOpening: i64 = 0;

/** Exactly `entries` varints from `at` to `end`, the first at `first`, increasing, in range. */
function checkBlock(at: usize, end: usize, first: u32, entries: u32): i32 {
  let p = at;
  let opening: i64 = <i64>first - 1;
  for (let k: u32 = 0; k < entries; k++) {
    // A varint of at most 5 bytes (32 bits), all inside the block.
    let value: u64 = 0;
    let shift: u64 = 0;
    let byte: u32 = 0x80;
    while (byte >= 0x80) {
      if (p >= end || shift > 28) return ErrorCode.BadRecord;
      byte = <u32>load<u8>(p++);
      value |= (<u64>(byte & 0x7f)) << shift;
      shift += 7;
    }
    if (value > 0xffffffff || (value & 3) === 0) return ErrorCode.BadRecord;
    opening += <i64>(value >>> 2) + 1;
    if (k === 0 && opening !== <i64>first) return ErrorCode.BadRecord;
    if (opening >= <i64>openings) return ErrorCode.BadRecord;
  }
  lastOpening = opening;
  return p === end ? ErrorCode.Ok : ErrorCode.BadRecord;
}
