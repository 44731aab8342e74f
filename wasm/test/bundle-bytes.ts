// Byte surgery on real bundles, to hand the engine what a compiler never
// writes: corrupt, truncated or out-of-range data.
import { Abi, type MetaField, RecordWords, Section } from "../assembly/abi.ts";

const view = (bundle: Uint8Array) =>
  new DataView(bundle.buffer, bundle.byteOffset, bundle.byteLength);

export function sectionOffset(bundle: Uint8Array, id: Section): number {
  const data = view(bundle);
  for (let i = 0; i < data.getUint32(12, true); i++) {
    const entry = Abi.HeaderBytes + i * Abi.SectionEntryBytes;
    if (data.getUint32(entry, true) === id) return data.getUint32(entry + 4, true);
  }
  throw new Error(`no section ${id}`);
}

/** Byte offset of word `field` of node `node` (field 0 is the type). */
export function nodeWordOffset(bundle: Uint8Array, node: number, field: number): number {
  return sectionOffset(bundle, Section.Nodes) + 4 + (node * RecordWords.Node + field) * 4;
}

export function metaWordOffset(bundle: Uint8Array, field: MetaField): number {
  return sectionOffset(bundle, Section.Meta) + field * 4;
}

export function nodeCount(bundle: Uint8Array): number {
  return view(bundle).getUint32(sectionOffset(bundle, Section.Nodes), true);
}

/** A copy of `bundle` with the u32 at `offset` replaced. */
export function withWord(bundle: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = bundle.slice();
  view(copy).setUint32(offset, value, true);
  return copy;
}
