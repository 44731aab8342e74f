/**
 * Pass 5: lowered tables → bundle bytes, exactly as docs/bundle-format.md lays them out: a
 * 32-byte header, the section table, then the kind's sections in increasing id order, each
 * 4-byte aligned. All integers are little-endian u32 (u16 in the header).
 */
import type { PbxIr } from "./lower.ts";
import type { Tables } from "./tables.ts";

export const MAGIC = [0x53, 0x57, 0x42, 0x4e] as const; // "SWBN"
export const ABI_VERSION = 1;
export const HEADER_BYTES = 32;
export const BundleKind = {
  Pbx: 1,
  MobilePlan: 2,
  Country: 3,
  Ranking: 4,
  SubscriberShard: 5,
  Snapshot: 6,
} as const;
export const KIND_PBX = BundleKind.Pbx;
export const Section = {
  strings: 1,
  lists: 2,
  nodes: 3,
  prompts: 4,
  schedules: 5,
  queues: 6,
  meta: 7,
  mobile: 8,
  subscribers: 9,
  country: 10,
  ranking: 11,
  // A Snapshot's sections (docs/marketplace.md, "Snapshot format").
  snapshotMeta: 20,
  openings: 21,
  ads: 22,
  tokens: 23,
  postings: 24,
  text: 25,
} as const;

export type SectionBytes = readonly [id: number, bytes: Uint8Array];

export function codegen(ir: PbxIr): Uint8Array {
  return encodeBundle(BundleKind.Pbx, [
    ...tableSections(ir.tables, { prompts: true, schedules: true }),
    [Section.nodes, words([ir.nodes.length, ...ir.nodes.flat()])],
    [Section.queues, words([ir.queues.length, ...ir.queues.flat()])],
    [Section.meta, words(ir.meta)],
  ]);
}

/** STRINGS and LISTS always; PROMPTS and SCHEDULES for the kinds that carry them. */
export function tableSections(
  tables: Tables,
  carry: { prompts?: boolean; schedules?: boolean } = {},
): SectionBytes[] {
  const out: SectionBytes[] = [
    [Section.strings, stringsSection(tables.strings)],
    [Section.lists, listsSection(tables.lists)],
  ];
  if (carry.prompts)
    out.push([Section.prompts, words([tables.prompts.length, ...tables.prompts.flat()])]);
  if (carry.schedules) {
    out.push([Section.schedules, words([tables.schedules.length, ...tables.schedules.flat()])]);
  }
  return out;
}

/** Header, section table and sections (sorted by id here, so callers may list them in any order). */
export function encodeBundle(kind: number, unsorted: readonly SectionBytes[]): Uint8Array {
  const sections = [...unsorted].sort((a, b) => a[0] - b[0]);
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
  view.setUint16(6, kind, true);
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

export function words(values: readonly number[]): Uint8Array {
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
