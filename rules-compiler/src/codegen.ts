/**
 * Pass 5: the lowered tables → bundle bytes, exactly as docs/bundle-format.md lays them out:
 * a 32-byte header, the section table, then sections 1..7, each 4-byte aligned. All integers
 * are little-endian u32 (u16 in the header).
 */
import type { PbxIr } from "./lower.ts";

export const MAGIC = [0x53, 0x57, 0x42, 0x4e] as const; // "SWBN"
export const ABI_VERSION = 1;
export const KIND_PBX = 1;
export const HEADER_BYTES = 32;
export const Section = {
  strings: 1,
  lists: 2,
  nodes: 3,
  prompts: 4,
  schedules: 5,
  queues: 6,
  meta: 7,
} as const;

export function codegen(ir: PbxIr): Uint8Array {
  const sections: [id: number, bytes: Uint8Array][] = [
    [Section.strings, stringsSection(ir.strings)],
    [Section.lists, listsSection(ir.lists)],
    [Section.nodes, words([ir.nodes.length, ...ir.nodes.flat()])],
    [Section.prompts, words([ir.prompts.length, ...ir.prompts.flat()])],
    [Section.schedules, words([ir.schedules.length, ...ir.schedules.flat()])],
    [Section.queues, words([ir.queues.length, ...ir.queues.flat()])],
    [Section.meta, words(ir.meta)],
  ];
  const tableBytes = sections.length * 12;
  let offset = HEADER_BYTES + tableBytes;
  const table: number[] = [];
  for (const [id, bytes] of sections) {
    table.push(id, offset, bytes.length);
    offset += bytes.length; // every section is a whole number of words, so stays aligned
  }

  const out = new Uint8Array(offset);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint16(4, ABI_VERSION, true);
  view.setUint16(6, KIND_PBX, true);
  view.setUint32(8, out.length, true);
  view.setUint32(12, sections.length, true);
  view.setUint32(16, HEADER_BYTES, true);
  out.set(words(table), HEADER_BYTES);
  for (const [i, [, bytes]] of sections.entries()) out.set(bytes, table[i * 3 + 1] as number);
  return out;
}

/** count, {offset, length} per string (offset into the blob), then the UTF-8 blob padded to 4. */
function stringsSection(strings: readonly string[]): Uint8Array {
  const encoder = new TextEncoder();
  const encoded = strings.map((s) => encoder.encode(s));
  const head: number[] = [strings.length];
  let blobLength = 0;
  for (const bytes of encoded) {
    head.push(blobLength, bytes.length);
    blobLength += bytes.length;
  }
  const headBytes = words(head);
  const out = new Uint8Array(headBytes.length + align4(blobLength));
  out.set(headBytes, 0);
  let at = headBytes.length;
  for (const bytes of encoded) {
    out.set(bytes, at);
    at += bytes.length;
  }
  return out;
}

/** count, {start (in words), length} per list, then the data words. */
function listsSection(lists: readonly number[][]): Uint8Array {
  const head: number[] = [lists.length];
  let start = 0;
  for (const l of lists) {
    head.push(start, l.length);
    start += l.length;
  }
  return words([...head, ...lists.flat()]);
}

function words(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    view.setUint32(i * 4, v, true);
  });
  return out;
}

function align4(n: number): number {
  return (n + 3) & ~3;
}
