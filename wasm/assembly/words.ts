// The words of one search (at most RankInput.MaxTokens), in static memory: each
// word's postings, its idf, the fields the opening at hand holds it in, and for a
// packed list a cursor that only moves forward (the openings a search visits
// come in increasing order), skipping whole blocks by their first opening.
import { PostingsForm, RankInput, TokenField } from "./abi";
import { NONE } from "./bundle";
import {
  bitmapField,
  blockAtOrBefore,
  blockBegin,
  blockCount,
  blockEnd,
  blockFirst,
  readVarint,
  varintEnd,
} from "./postings";
import { count, tokenCount, tokenWord } from "./snapshot";

const SLOTS = <i32>RankInput.MaxTokens;
const FORM = memory.data(SLOTS * 4, 16);
const START = memory.data(SLOTS * 4, 16);
const DF = memory.data(SLOTS * 4, 16);
const FIELD = memory.data(SLOTS * 4, 16);
const IDF = memory.data(SLOTS * 8, 16);
// Packed-list cursors: block, block count, next varint, end of the block, last opening read.
const BLOCK = memory.data(SLOTS * 4, 16);
const BLOCKS = memory.data(SLOTS * 4, 16);
const POS = memory.data(SLOTS * 4, 16);
const STOP = memory.data(SLOTS * 4, 16);
const CURRENT = memory.data(SLOTS * 4, 16);
const CURRENT_FIELD = memory.data(SLOTS * 4, 16);

/** How many words the search has, or NONE when one is in no opening (nothing matches). */
export let wordCount: u32 = 0;
export let idfSum: f64 = 0;

function slot(base: usize, t: u32): usize {
  return base + ((<usize>t) << 2);
}

function get(base: usize, t: u32): u32 {
  return load<u32>(slot(base, t));
}

function set(base: usize, t: u32, value: u32): void {
  store<u32>(slot(base, t), value);
}

/** Reads the token ids from the input; idf = ln(1 + (N − df + 0.5) / (df + 0.5)). */
export function prepareWords(tokens: u32, idAt: (t: u32) => u32): void {
  wordCount = tokens;
  idfSum = 0;
  for (let t: u32 = 0; t < tokens; t++) {
    const id = idAt(t);
    if (id >= tokenCount) {
      wordCount = NONE;
      return;
    }
    const df = tokenWord(id, TokenField.Df);
    const form = tokenWord(id, TokenField.Form);
    const start = tokenWord(id, TokenField.Start);
    set(FORM, t, form);
    set(START, t, start);
    set(DF, t, df);
    if (form === PostingsForm.List) {
      const blocks = blockCount(start);
      set(BLOCKS, t, blocks);
      enterBlock(t, 0);
    }
    const idf = Math.log(1 + (<f64>count - <f64>df + 0.5) / (<f64>df + 0.5));
    store<f64>(IDF + ((<usize>t) << 3), idf);
    idfSum += idf;
  }
}

function enterBlock(t: u32, block: u32): void {
  const start = get(START, t);
  const blocks = get(BLOCKS, t);
  set(BLOCK, t, block);
  set(POS, t, <u32>blockBegin(start, blocks, block));
  set(STOP, t, <u32>blockEnd(start, blocks, block));
  set(CURRENT, t, blockFirst(start, block) - 1);
}

/** The packed-list word with the fewest openings (it drives the search), or NONE: all bitmaps. */
export function driverWord(): u32 {
  let driver: u32 = NONE;
  let fewest: u32 = 0xffffffff;
  for (let t: u32 = 0; t < wordCount; t++) {
    if (get(FORM, t) !== PostingsForm.List) continue;
    const df = get(DF, t);
    if (df < fewest) {
      driver = t;
      fewest = df;
    }
  }
  return driver;
}

export function isBitmap(t: u32): bool {
  return get(FORM, t) === PostingsForm.Bitmap;
}

export function wordStart(t: u32): u32 {
  return get(START, t);
}

export function wordIdf(t: u32): f64 {
  return load<f64>(IDF + ((<usize>t) << 3));
}

/** The fields the opening being scored holds word `t` in (1 title, 2 description, 3 both). */
export function fieldOf(t: u32): u32 {
  return get(FIELD, t);
}

export function setField(t: u32, field: u32): void {
  set(FIELD, t, field);
}

/**
 * The fields word `t` is held in by `opening` (0: not held). For a packed list the cursor
 * moves forward: to the last block starting at or before `opening`, then entry by entry.
 */
export function seek(t: u32, opening: u32): u32 {
  const start = get(START, t);
  if (get(FORM, t) === PostingsForm.Bitmap) return bitmapField(start, opening);
  let current = <i32>get(CURRENT, t);
  if (current >= <i32>opening) return current === <i32>opening ? get(CURRENT_FIELD, t) : 0;
  const blocks = get(BLOCKS, t);
  let block = get(BLOCK, t);
  if (block + 1 < blocks && blockFirst(start, block + 1) <= opening) {
    block = blockAtOrBefore(start, block + 1, blocks, opening);
    enterBlock(t, block);
    current = <i32>get(CURRENT, t);
  }
  let at = <usize>get(POS, t);
  let stop = <usize>get(STOP, t);
  for (;;) {
    while (at < stop) {
      const value = readVarint(at);
      at = varintEnd;
      current += <i32>(value >>> 2) + 1;
      if (current >= <i32>opening) {
        set(POS, t, <u32>at);
        set(CURRENT, t, <u32>current);
        set(CURRENT_FIELD, t, value & 3);
        return current === <i32>opening ? value & 3 : 0;
      }
    }
    if (block + 1 >= blocks) break;
    block++;
    enterBlock(t, block);
    at = <usize>get(POS, t);
    stop = <usize>get(STOP, t);
    current = <i32>get(CURRENT, t);
  }
  // Exhausted: every later opening is absent.
  set(POS, t, <u32>at);
  set(CURRENT, t, <u32>i32.MAX_VALUE);
  return 0;
}
