// The header and section table: checks every bound and records where each
// table of the bundle lies (bundle.ts), before any record is read.
import { Abi, BundleKind, ErrorCode, Header, RecordWords, Section } from "./abi";
import { bundleAt, bundleRoom, place, placeMeta } from "./bundle";
import { checkHeader } from "./table";

export function placeTables(length: u32): i32 {
  const header = checkHeader(bundleAt, bundleRoom, length);
  if (header !== ErrorCode.Ok) return header;
  if (<u32>load<u16>(bundleAt + Header.Kind) !== <u32>BundleKind.Pbx) return ErrorCode.NotPbx;
  return placeSections(length);
}

/** Checks the section table and records where each required table is. */
function placeSections(length: u32): i32 {
  const count = load<u32>(bundleAt + Header.SectionCount);
  const tableAt = load<u32>(bundleAt + Header.SectionTable);
  const tableEnd = <u64>tableAt + <u64>count * Abi.SectionEntryBytes;
  if (tableAt !== <u32>Abi.HeaderBytes || tableEnd > <u64>length) return ErrorCode.BadBounds;
  let found: u32 = 0;
  let previous: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    const entry = bundleAt + tableAt + i * Abi.SectionEntryBytes;
    const id = load<u32>(entry);
    const offset = load<u32>(entry + 4);
    const size = load<u32>(entry + 8);
    const inside = <u64>offset >= tableEnd && <u64>offset + <u64>size <= <u64>length;
    if (id <= previous || (offset & 3) !== 0 || (size & 3) !== 0 || !inside) {
      return ErrorCode.BadBounds;
    }
    previous = id;
    // Unknown sections are skipped: a later ABI minor may add some.
    if (id > <u32>Section.Meta) continue;
    found |= 1 << id;
    const code = placeSection(id, offset, size);
    if (code !== ErrorCode.Ok) return code;
  }
  const all: u32 = 0b11111110;
  return found === all ? ErrorCode.Ok : ErrorCode.BadBounds;
}

function recordWords(id: u32): u32 {
  if (id === Section.Strings) return RecordWords.String;
  if (id === Section.Lists) return RecordWords.List;
  if (id === Section.Nodes) return RecordWords.Node;
  if (id === Section.Prompts) return RecordWords.Prompt;
  if (id === Section.Schedules) return RecordWords.Schedule;
  return RecordWords.Queue;
}

function placeSection(id: u32, offset: u32, size: u32): i32 {
  if (id === Section.Meta) {
    if (size < <u32>RecordWords.Meta * 4) return ErrorCode.BadBounds;
    placeMeta(offset);
    return ErrorCode.Ok;
  }
  if (size < 4) return ErrorCode.BadBounds;
  const count = load<u32>(bundleAt + offset);
  if (4 + <u64>count * recordWords(id) * 4 > <u64>size) return ErrorCode.BadBounds;
  place(id, offset, count, size);
  return ErrorCode.Ok;
}
