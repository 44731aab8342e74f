// The tables every bundle kind shares (STRINGS, LISTS, PROMPTS), decoded in JS
// once per bundle. Only called after the engine's `load` (or `loadShard`)
// accepted the bytes, so every offset and index read here is in range.
import { Abi, Header, PromptField, PromptKind, RecordWords, Section } from "../assembly/abi.ts";
import type { Prompt } from "./types.ts";

export const NONE = 0xffffffff;

export interface BundleView {
  /** The u32 at byte `offset` of the bundle. */
  word(offset: number): number;
  /** Byte offset of section `id` (0 when the bundle has none). */
  section(id: number): number;
  strings: readonly string[];
  /** Each list's words. */
  lists: readonly Uint32Array[];
  prompts: readonly Prompt[];
  /** The strings a list of string indexes names. */
  stringList(list: number): string[];
  /** A string, or undefined for NONE. */
  optionalString(str: number): string | undefined;
}

export function viewOf(bundle: Uint8Array): BundleView {
  const data = new DataView(bundle.buffer, bundle.byteOffset, bundle.byteLength);
  const word = (offset: number) => data.getUint32(offset, true);
  const sections = new Map<number, number>();
  for (let i = 0; i < word(Header.SectionCount); i++) {
    const entry = Abi.HeaderBytes + i * Abi.SectionEntryBytes;
    sections.set(word(entry), word(entry + 4));
  }
  const section = (id: number) => sections.get(id) ?? 0;
  const strings = sections.has(Section.Strings)
    ? readStrings(bundle, word, section(Section.Strings))
    : [];
  const lists = sections.has(Section.Lists) ? readLists(word, section(Section.Lists)) : [];
  const prompts = sections.has(Section.Prompts)
    ? readPrompts(word, section(Section.Prompts), strings)
    : [];
  return {
    word,
    section,
    strings,
    lists,
    prompts,
    stringList: (list) => Array.from(lists[list] ?? [], (s) => strings[s] ?? ""),
    optionalString: (str) => (str === NONE ? undefined : (strings[str] ?? "")),
  };
}

function readStrings(bundle: Uint8Array, word: (offset: number) => number, at: number): string[] {
  const decoder = new TextDecoder();
  const count = word(at);
  const blob = at + 4 + count * RecordWords.String * 4;
  return Array.from({ length: count }, (_, s) => {
    const start = blob + word(at + 4 + s * 8);
    return decoder.decode(bundle.subarray(start, start + word(at + 8 + s * 8)));
  });
}

function readLists(word: (offset: number) => number, at: number): Uint32Array[] {
  const count = word(at);
  const data = at + 4 + count * RecordWords.List * 4;
  return Array.from({ length: count }, (_, l) => {
    const start = data + word(at + 4 + l * 8) * 4;
    const length = word(at + 8 + l * 8);
    return Uint32Array.from({ length }, (_, i) => word(start + i * 4));
  });
}

function readPrompts(
  word: (offset: number) => number,
  at: number,
  strings: readonly string[],
): Prompt[] {
  const field = (p: number, f: PromptField) => word(at + 4 + (p * RecordWords.Prompt + f) * 4);
  return Array.from({ length: word(at) }, (_, p): Prompt => {
    const a = strings[field(p, PromptField.A)] ?? "";
    if (field(p, PromptField.Kind) === PromptKind.Audio) return Object.freeze({ audio: a });
    return Object.freeze({ tts: a, language: strings[field(p, PromptField.B)] ?? "" });
  });
}
