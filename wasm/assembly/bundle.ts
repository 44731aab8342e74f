// Where the loaded bundle lives and how its tables are read. Readers do no
// bounds checks of their own: `load` (validate.ts) proved every table and
// reference in range before any reader runs.
import { Abi, RecordWords, Section } from "./abi";

export const NONE: u32 = 0xffffffff;

/** Start of the bundle bytes: the first 16-byte boundary after static data. */
export let bundleAt: usize = 0;
/** Bytes reserved by the last bundleAlloc. */
export let bundleRoom: u32 = 0;
export let loaded: bool = false;

// Table locations (absolute addresses of the first record) and sizes.
export let stringsAt: usize = 0;
export let stringCount: u32 = 0;
export let blobAt: usize = 0;
export let blobLength: u32 = 0;
export let listsAt: usize = 0;
export let listCount: u32 = 0;
export let listDataAt: usize = 0;
export let listDataWords: u32 = 0;
export let nodesAt: usize = 0;
export let nodeCount: u32 = 0;
export let promptsAt: usize = 0;
export let promptCount: u32 = 0;
export let schedulesAt: usize = 0;
export let scheduleCount: u32 = 0;
export let queuesAt: usize = 0;
export let queueCount: u32 = 0;
export let metaAt: usize = 0;

export function reserve(length: u32): usize {
  loaded = false;
  if (length > <u32>Abi.MaxBundleBytes) return 0;
  const at = (__heap_base + 15) & ~(<usize>15);
  const end = at + length;
  const have = (<usize>memory.size()) << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >>> 16);
    if (memory.grow(pages) < 0) return 0;
  }
  bundleAt = at;
  bundleRoom = length;
  return at;
}

/** Records the tables found by validation; offsets are relative to the bundle. */
export function place(section: i32, offset: u32, count: u32, length: u32): void {
  const at = bundleAt + offset + 4;
  if (section === Section.Strings) {
    stringsAt = at;
    stringCount = count;
    blobAt = at + <usize>count * (RecordWords.String * 4);
    blobLength = length - 4 - count * (RecordWords.String * 4);
  } else if (section === Section.Lists) {
    listsAt = at;
    listCount = count;
    listDataAt = at + <usize>count * (RecordWords.List * 4);
    listDataWords = (length - 4 - count * (RecordWords.List * 4)) >>> 2;
  } else if (section === Section.Nodes) {
    nodesAt = at;
    nodeCount = count;
  } else if (section === Section.Prompts) {
    promptsAt = at;
    promptCount = count;
  } else if (section === Section.Schedules) {
    schedulesAt = at;
    scheduleCount = count;
  } else if (section === Section.Queues) {
    queuesAt = at;
    queueCount = count;
  }
}

export function placeMeta(offset: u32): void {
  metaAt = bundleAt + offset;
}

export function markLoaded(ok: bool): void {
  loaded = ok;
}

function wordAt(at: usize, index: u32): u32 {
  return load<u32>(at + ((<usize>index) << 2));
}

export function nodeWord(node: u32, field: i32): u32 {
  return wordAt(nodesAt, node * RecordWords.Node + field);
}

export function promptWord(prompt: u32, field: i32): u32 {
  return wordAt(promptsAt, prompt * RecordWords.Prompt + field);
}

export function scheduleWord(schedule: u32, field: i32): u32 {
  return wordAt(schedulesAt, schedule * RecordWords.Schedule + field);
}

export function queueWord(queue: u32, field: i32): u32 {
  return wordAt(queuesAt, queue * RecordWords.Queue + field);
}

export function metaWord(field: i32): u32 {
  return wordAt(metaAt, field);
}

export function listStart(list: u32): u32 {
  return wordAt(listsAt, list * RecordWords.List);
}

export function listLength(list: u32): u32 {
  return wordAt(listsAt, list * RecordWords.List + 1);
}

/** Word `index` of `list`. */
export function listWord(list: u32, index: u32): u32 {
  return wordAt(listDataAt, listStart(list) + index);
}

export function stringPtr(str: u32): usize {
  return blobAt + wordAt(stringsAt, str * RecordWords.String);
}

export function stringLength(str: u32): u32 {
  return wordAt(stringsAt, str * RecordWords.String + 1);
}
