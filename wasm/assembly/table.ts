// A view of one bundle of any kind but Pbx (MobilePlan, Country, Ranking, SubscriberShard,
// Snapshot):
// where its shared tables (STRINGS, LISTS, PROMPTS, SCHEDULES) and its kind
// section lie, with readers and the reference checks `load` needs. A Pbx keeps
// its own globals (bundle.ts); the mobile decision reads two views at once,
// the plan and the shard, so these are values, not globals.
import { Abi, BundleKind, ErrorCode, Header, RecordWords, Section } from "./abi";
import { NONE } from "./bundle";

const MAGIC: u32 = 0x4e425753; // "SWBN" read little-endian

/** Magic, ABI version and length of the bundle copied at `at`. */
export function checkHeader(at: usize, room: u32, length: u32): i32 {
  if (at === 0 || length > room || length < <u32>Abi.HeaderBytes) return ErrorCode.BadBounds;
  if (load<u32>(at + Header.Magic) !== MAGIC) return ErrorCode.BadMagic;
  if (<u32>load<u16>(at + Header.Version) !== <u32>Abi.Version) return ErrorCode.BadAbiVersion;
  if (load<u32>(at + Header.TotalLength) !== length) return ErrorCode.BadBounds;
  return ErrorCode.Ok;
}

/** The sections a kind carries (bit per id) and the byte length of its kind section. */
function requiredSections(kind: u32): u32 {
  const shared: u32 = (1 << Section.Strings) | (1 << Section.Lists);
  if (kind === BundleKind.MobilePlan) return shared | (1 << Section.Mobile);
  if (kind === BundleKind.Country) return shared | (1 << Section.Prompts) | (1 << Section.Country);
  if (kind === BundleKind.SubscriberShard) {
    return shared | (1 << Section.Schedules) | (1 << Section.Subscribers);
  }
  if (kind === BundleKind.Ranking) return shared | (1 << Section.Ranking);
  if (kind === BundleKind.Snapshot) {
    return (
      (1 << Section.Strings) |
      (1 << Section.SnapshotMeta) |
      (1 << Section.Openings) |
      (1 << Section.Ads) |
      (1 << Section.Tokens) |
      (1 << Section.Postings) |
      (1 << Section.Text)
    );
  }
  return 0;
}

@unmanaged
export class Table {
  kind: u32 = 0;
  at: usize = 0;
  stringsAt: usize = 0;
  stringCount: u32 = 0;
  blobAt: usize = 0;
  blobLength: u32 = 0;
  listsAt: usize = 0;
  listCount: u32 = 0;
  listDataAt: usize = 0;
  listDataWords: u32 = 0;
  promptsAt: usize = 0;
  promptCount: u32 = 0;
  schedulesAt: usize = 0;
  scheduleCount: u32 = 0;
  /** The kind section (MOBILE, COUNTRY or SUBSCRIBERS) and its byte length. */
  kindAt: usize = 0;
  kindLength: u32 = 0;

  /** Checks the header and section table of the bundle at `at` and records its tables. */
  place(at: usize, room: u32, length: u32, kind: u32): i32 {
    this.kind = 0;
    const header = checkHeader(at, room, length);
    if (header !== ErrorCode.Ok) return header;
    if (<u32>load<u16>(at + Header.Kind) !== kind) return ErrorCode.NotPbx;
    this.at = at;
    const count = load<u32>(at + Header.SectionCount);
    const tableAt = load<u32>(at + Header.SectionTable);
    const tableEnd = <u64>tableAt + <u64>count * Abi.SectionEntryBytes;
    if (tableAt !== <u32>Abi.HeaderBytes || tableEnd > <u64>length) return ErrorCode.BadBounds;
    const wanted = requiredSections(kind);
    let found: u32 = 0;
    let previous: u32 = 0;
    for (let i: u32 = 0; i < count; i++) {
      const entry = at + tableAt + i * Abi.SectionEntryBytes;
      const id = load<u32>(entry);
      const offset = load<u32>(entry + 4);
      const size = load<u32>(entry + 8);
      const inside = <u64>offset >= tableEnd && <u64>offset + <u64>size <= <u64>length;
      if (id <= previous || (offset & 3) !== 0 || (size & 3) !== 0 || !inside) {
        return ErrorCode.BadBounds;
      }
      previous = id;
      // Sections this kind does not list are skipped (room within ABI 1).
      if (id > 31 || (wanted & (1 << id)) === 0) continue;
      found |= 1 << id;
      if (!this.placeSection(id, at + offset, size)) return ErrorCode.BadBounds;
    }
    if (found !== wanted) return ErrorCode.BadBounds;
    this.kind = kind;
    return ErrorCode.Ok;
  }

  private placeSection(id: u32, at: usize, size: u32): bool {
    if (id >= <u32>Section.Mobile) {
      this.kindAt = at;
      this.kindLength = size;
      return true;
    }
    if (size < 4) return false;
    const count = load<u32>(at);
    const words: u32 =
      id === Section.Strings
        ? RecordWords.String
        : id === Section.Lists
          ? RecordWords.List
          : id === Section.Prompts
            ? RecordWords.Prompt
            : RecordWords.Schedule;
    const records = <u64>count * words * 4;
    if (4 + records > <u64>size) return false;
    const first = at + 4;
    const rest = size - 4 - <u32>records;
    if (id === Section.Strings) {
      this.stringsAt = first;
      this.stringCount = count;
      this.blobAt = first + <usize>records;
      this.blobLength = rest;
    } else if (id === Section.Lists) {
      this.listsAt = first;
      this.listCount = count;
      this.listDataAt = first + <usize>records;
      this.listDataWords = rest >>> 2;
    } else if (id === Section.Prompts) {
      this.promptsAt = first;
      this.promptCount = count;
    } else {
      this.schedulesAt = first;
      this.scheduleCount = count;
    }
    return true;
  }

  /** Address of section `id` (a placed table: its bounds are proven), 0 when absent. */
  sectionAt(id: u32): usize {
    const entry = this.sectionEntry(id);
    return entry === 0 ? 0 : this.at + load<u32>(entry + 4);
  }

  /** Byte length of section `id`, 0 when absent. */
  sectionLength(id: u32): u32 {
    const entry = this.sectionEntry(id);
    return entry === 0 ? 0 : load<u32>(entry + 8);
  }

  private sectionEntry(id: u32): usize {
    const count = load<u32>(this.at + Header.SectionCount);
    for (let i: u32 = 0; i < count; i++) {
      const entry = this.at + Abi.HeaderBytes + i * Abi.SectionEntryBytes;
      if (load<u32>(entry) === id) return entry;
    }
    return 0;
  }

  // Readers: no bounds checks; `load` proved every reference in range first.

  kindWord(field: u32): u32 {
    return load<u32>(this.kindAt + ((<usize>field) << 2));
  }

  listLength(list: u32): u32 {
    return load<u32>(this.listsAt + ((<usize>list) << 3) + 4);
  }

  listWord(list: u32, index: u32): u32 {
    const start = load<u32>(this.listsAt + ((<usize>list) << 3));
    return load<u32>(this.listDataAt + ((<usize>start + index) << 2));
  }

  stringPtr(str: u32): usize {
    return this.blobAt + load<u32>(this.stringsAt + ((<usize>str) << 3));
  }

  stringLength(str: u32): u32 {
    return load<u32>(this.stringsAt + ((<usize>str) << 3) + 4);
  }

  scheduleWord(schedule: u32, field: u32): u32 {
    return load<u32>(this.schedulesAt + ((<usize>schedule * RecordWords.Schedule + field) << 2));
  }

  promptWord(prompt: u32, field: u32): u32 {
    return load<u32>(this.promptsAt + ((<usize>prompt * RecordWords.Prompt + field) << 2));
  }

  // Reference checks for `load`.

  /** Every string and list lies inside its blob or data words. */
  blobsInside(): bool {
    for (let s: u32 = 0; s < this.stringCount; s++) {
      const offset = load<u32>(this.stringsAt + ((<usize>s) << 3));
      if (<u64>offset + <u64>this.stringLength(s) > <u64>this.blobLength) return false;
    }
    for (let l: u32 = 0; l < this.listCount; l++) {
      const start = load<u32>(this.listsAt + ((<usize>l) << 3));
      if (<u64>start + <u64>this.listLength(l) > <u64>this.listDataWords) return false;
    }
    return true;
  }

  isString(str: u32): bool {
    return str < this.stringCount;
  }

  isStringOrNone(str: u32): bool {
    return str === NONE || str < this.stringCount;
  }

  isStringList(list: u32): bool {
    if (list >= this.listCount) return false;
    const length = this.listLength(list);
    for (let i: u32 = 0; i < length; i++) {
      if (this.listWord(list, i) >= this.stringCount) return false;
    }
    return true;
  }

  isStringListOrNone(list: u32): bool {
    return list === NONE || this.isStringList(list);
  }
}

// Static memory, not `new`: the stub runtime never allocates.
/** The loaded bundle when it is not a Pbx: a MobilePlan or a Country. */
export const MAIN = changetype<Table>(memory.data(offsetof<Table>(), 16));
/** The SubscriberShard a mobile decision reads, copied in after the plan. */
export const SHARD = changetype<Table>(memory.data(offsetof<Table>(), 16));
/** The marketplace snapshot a search ranks, copied in after the Ranking bundle. */
export const SNAPSHOT = changetype<Table>(memory.data(offsetof<Table>(), 16));
