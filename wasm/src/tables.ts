// The bundle tables the host needs to turn action records into SPEC §4 JSON,
// decoded once per bundle. Only called after the engine's `load` accepted
// the bytes, so every offset and index read here is known to be in range.
import {
  Abi,
  Header,
  MetaField,
  PromptField,
  PromptKind,
  QueueField,
  RecordWords,
  Section,
} from "../assembly/abi.ts";
import type { PbxInfo, Prompt } from "./types.ts";

export const NONE = 0xffffffff;

export interface QueueInfo {
  name: string;
  holdPrompt?: Prompt;
}

export interface BundleTables {
  strings: readonly string[];
  /** Each list's words. */
  lists: readonly Uint32Array[];
  prompts: readonly Prompt[];
  queues: readonly QueueInfo[];
  info: PbxInfo;
  timezones: readonly string[];
}

export function readTables(bundle: Uint8Array): BundleTables {
  const view = new DataView(bundle.buffer, bundle.byteOffset, bundle.byteLength);
  const word = (offset: number) => view.getUint32(offset, true);
  const sections = new Map<number, number>();
  const count = word(Header.SectionCount);
  for (let i = 0; i < count; i++) {
    const entry = Abi.HeaderBytes + i * Abi.SectionEntryBytes;
    sections.set(word(entry), word(entry + 4));
  }
  /** Word `field` of record `index` of a table whose count word is at `section`. */
  const record = (section: Section, words: number) => (index: number, field: number) =>
    word((sections.get(section) ?? 0) + 4 + (index * words + field) * 4);
  const tableCount = (section: Section) => word(sections.get(section) ?? 0);

  const strings = readStrings(bundle, word, sections.get(Section.Strings) ?? 0);
  const lists = readLists(word, sections.get(Section.Lists) ?? 0);
  const stringList = (list: number) => Array.from(lists[list] ?? [], (s) => strings[s] ?? "");

  const prompt = record(Section.Prompts, RecordWords.Prompt);
  const prompts = Array.from({ length: tableCount(Section.Prompts) }, (_, p): Prompt => {
    const a = strings[prompt(p, PromptField.A)] ?? "";
    if (prompt(p, PromptField.Kind) === PromptKind.Audio) return Object.freeze({ audio: a });
    return Object.freeze({ tts: a, language: strings[prompt(p, PromptField.B)] ?? "" });
  });

  const queue = record(Section.Queues, RecordWords.Queue);
  const queues = Array.from({ length: tableCount(Section.Queues) }, (_, q): QueueInfo => {
    const hold = queue(q, QueueField.HoldPrompt);
    const name = strings[queue(q, QueueField.Name)] ?? "";
    return hold === NONE ? { name } : { name, holdPrompt: prompts[hold] };
  });

  const metaAt = sections.get(Section.Meta) ?? 0;
  const meta = (field: MetaField) => word(metaAt + field * 4);
  const metaString = (field: MetaField) => strings[meta(field)] ?? "";
  const timezones = stringList(meta(MetaField.Timezones));
  const info: PbxInfo = {
    tenant: metaString(MetaField.Tenant),
    name: metaString(MetaField.Name),
    country: metaString(MetaField.Country),
    language: metaString(MetaField.Language),
    timezone: timezones[0] ?? "",
    numbers: stringList(meta(MetaField.Numbers)),
    nodes: stringList(meta(MetaField.NodeNames)),
  };
  return { strings, lists, prompts, queues, info, timezones };
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
