// The SubscriberShard of a mobile decision: copied in after the plan (the host
// swaps shards as calls need them), checked once by `loadShard`, then searched
// by number. docs/bundle-format.md, "Sections of a SubscriberShard table".
import {
  Abi,
  BundleKind,
  ErrorCode,
  ScheduleField,
  ShardHead,
  ShardLimit,
  SubscriberField,
} from "./abi";
import { bundleAt, bundleRoom, NONE } from "./bundle";
import { SHARD } from "./table";

let shardAt: usize = 0;
let shardRoom: u32 = 0;

/** Reserves room for a shard after the bundle; 0 when it cannot. */
export function reserveShard(length: u32): usize {
  clearShard();
  if (bundleAt === 0 || length > <u32>Abi.MaxBundleBytes) return 0;
  const at = (bundleAt + bundleRoom + 15) & ~(<usize>15);
  const end = at + length;
  const have = (<usize>memory.size()) << 16;
  if (end > have) {
    const pages = <i32>((end - have + 0xffff) >>> 16);
    if (memory.grow(pages) < 0) return 0;
  }
  shardAt = at;
  shardRoom = length;
  return at;
}

export function clearShard(): void {
  SHARD.kind = 0;
}

export function loadShard(length: u32): i32 {
  let code = SHARD.place(shardAt, shardRoom, length, BundleKind.SubscriberShard);
  if (code === ErrorCode.NotPbx) code = ErrorCode.NoShard;
  if (code === ErrorCode.Ok && !SHARD.blobsInside()) code = ErrorCode.BadBounds;
  if (code === ErrorCode.Ok) code = checkShard();
  if (code !== ErrorCode.Ok) SHARD.kind = 0;
  return code;
}

export function headWord(field: u32): u32 {
  return SHARD.kindWord(field);
}

export function subscriberWord(record: u32, field: u32): u32 {
  return SHARD.kindWord(ShardHead.Words + record * SubscriberField.Words + field);
}

/** The record whose number equals the `length` bytes at `number`, or NONE. */
export function findSubscriber(number: usize, length: u32): u32 {
  let low: i32 = 0;
  let high: i32 = <i32>headWord(ShardHead.Count) - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const order = compareNumber(subscriberWord(middle, SubscriberField.Number), number, length);
    if (order === 0) return middle;
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return NONE;
}

/** Byte order of shard string `str` against `length` bytes at `text`, shorter first. */
function compareNumber(str: u32, text: usize, length: u32): i32 {
  const strLength = SHARD.stringLength(str);
  if (strLength !== length) return strLength < length ? -1 : 1;
  const at = SHARD.stringPtr(str);
  for (let i: usize = 0; i < <usize>length; i++) {
    const a = load<u8>(at + i);
    const b = load<u8>(text + i);
    if (a !== b) return a < b ? -1 : 1;
  }
  return 0;
}

function checkShard(): i32 {
  const count = headWord(ShardHead.Count);
  if (count < 1 || count > <u32>ShardLimit.MaxSubscribers) return ErrorCode.BadRecord;
  const words = <u64>ShardHead.Words + <u64>count * SubscriberField.Words;
  if (<u64>SHARD.kindLength !== words * 4) return ErrorCode.BadBounds;
  const zones = headWord(ShardHead.Timezones);
  for (let f: u32 = ShardHead.Tenant; f <= <u32>ShardHead.Prefix; f++) {
    if (!SHARD.isString(headWord(f))) return ErrorCode.BadReference;
  }
  if (!SHARD.isStringList(zones)) return ErrorCode.BadReference;
  if (SHARD.listLength(zones) > <u32>Abi.MaxTimezones) return ErrorCode.BadRecord;
  const schedules = checkSchedules(SHARD.listLength(zones));
  if (schedules !== ErrorCode.Ok) return schedules;
  for (let r: u32 = 0; r < count; r++) {
    const code = checkSubscriber(r);
    if (code !== ErrorCode.Ok) return code;
  }
  return ErrorCode.Ok;
}

function checkSchedules(zones: u32): i32 {
  for (let s: u32 = 0; s < SHARD.scheduleCount; s++) {
    const intervals = SHARD.scheduleWord(s, ScheduleField.Intervals);
    const holidays = SHARD.scheduleWord(s, ScheduleField.Holidays);
    if (SHARD.scheduleWord(s, ScheduleField.Timezone) >= zones) return ErrorCode.BadReference;
    if (intervals >= SHARD.listCount || holidays >= SHARD.listCount) return ErrorCode.BadReference;
    if ((SHARD.listLength(intervals) & 1) !== 0) return ErrorCode.BadRecord;
  }
  return ErrorCode.Ok;
}

function checkSubscriber(r: u32): i32 {
  const number = subscriberWord(r, SubscriberField.Number);
  if (!SHARD.isString(number)) return ErrorCode.BadReference;
  for (let f: u32 = SubscriberField.Unconditional; f <= <u32>SubscriberField.Unreachable; f++) {
    if (!SHARD.isStringOrNone(subscriberWord(r, f))) return ErrorCode.BadReference;
  }
  const dnd = subscriberWord(r, SubscriberField.DoNotDisturb);
  if (dnd !== NONE && dnd >= SHARD.scheduleCount) return ErrorCode.BadReference;
  if (!SHARD.isStringListOrNone(subscriberWord(r, SubscriberField.Blocklist))) {
    return ErrorCode.BadReference;
  }
  const timeout = subscriberWord(r, SubscriberField.NoAnswerTimeoutSec);
  const timeoutOk =
    timeout === 0 ||
    (timeout >= <u32>ShardLimit.MinTimeoutSec && timeout <= <u32>ShardLimit.MaxTimeoutSec);
  if (!timeoutOk) return ErrorCode.BadRecord;
  // Binary search needs strictly increasing numbers.
  if (r > 0) {
    const previous = subscriberWord(r - 1, SubscriberField.Number);
    const order = compareNumber(previous, SHARD.stringPtr(number), SHARD.stringLength(number));
    if (order >= 0) return ErrorCode.BadRecord;
  }
  return ErrorCode.Ok;
}
