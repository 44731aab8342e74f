// `decideMobile`: the one answer of a mobile call, from the MobilePlan (MAIN)
// and the subscriber's record in the loaded SubscriberShard (SHARD).
// Inbound (`to` is the subscriber): blocklist, do-not-disturb (treated as
// busy), unconditional forwarding, else the subscriber with the conditional
// forwarding targets. Outbound (`from` is the subscriber): premium and
// international barring, blocklist, else the called number. Allocation-free.
import {
  Abi,
  BundleKind,
  Direction,
  ErrorCode,
  InputByte,
  InputFlag,
  InputWord,
  MobileDefault,
  MobileField,
  MobileOutcome,
  MobileOutput,
  MobileRule,
  RejectReason,
  ScheduleField,
  ShardHead,
  StringRef,
  SubscriberField,
} from "./abi";
import { loaded, NONE } from "./bundle";
import { INPUT, inputWord, outputWord } from "./io";
import { bytesEqual } from "./match";
import { findSubscriber, headWord, subscriberWord } from "./shard";
import { MAIN, SHARD } from "./table";

export function decideMobile(): i32 {
  if (MAIN.kind !== BundleKind.MobilePlan) {
    return fail(loaded || MAIN.kind !== 0 ? ErrorCode.NotPbx : ErrorCode.NotLoaded);
  }
  if (SHARD.kind !== BundleKind.SubscriberShard) return fail(ErrorCode.NoShard);
  const direction = inputWord(InputWord.Event);
  const fromLength = inputWord(InputWord.FromLength);
  const toLength = inputWord(InputWord.ToLength);
  const limit: u32 = Abi.MaxAsciiLength;
  const inputOk =
    (direction === Direction.Inbound || direction === Direction.Outbound) &&
    fromLength <= limit &&
    toLength <= limit &&
    inputWord(InputWord.TimezoneCount) === SHARD.listLength(headWord(ShardHead.Timezones));
  if (!inputOk) return fail(ErrorCode.BadInput);
  const from = INPUT + InputByte.From;
  const to = INPUT + InputByte.To;
  if (direction === Direction.Inbound) {
    const record = findSubscriber(to, toLength);
    if (record === NONE) return reject(RejectReason.Unavailable, MobileRule.NotSubscriber);
    return inbound(record, from, fromLength);
  }
  const record = findSubscriber(from, fromLength);
  if (record === NONE) return reject(RejectReason.Unavailable, MobileRule.NotSubscriber);
  return outbound(record, to, toLength);
}

function inbound(record: u32, from: usize, fromLength: u32): i32 {
  const anonymous = (inputWord(InputWord.Flags) & InputFlag.Anonymous) !== 0;
  if (!anonymous && blocked(record, from, fromLength)) {
    return reject(RejectReason.Rejected, MobileRule.Blocklist);
  }
  const timeout = noAnswerTimeout(record);
  const busy = forwarding(record, SubscriberField.Busy, MobileField.Busy);
  if (doNotDisturb(record)) {
    if (busy === NONE) return reject(RejectReason.Busy, MobileRule.DoNotDisturb);
    return connect(busy, timeout, NONE, NONE, NONE, MobileRule.DoNotDisturb);
  }
  const unconditional = subscriberWord(record, SubscriberField.Unconditional);
  if (unconditional !== NONE) {
    return connect(shardRef(unconditional), timeout, NONE, NONE, NONE, MobileRule.Unconditional);
  }
  return connect(
    shardRef(subscriberWord(record, SubscriberField.Number)),
    timeout,
    busy,
    forwarding(record, SubscriberField.NoAnswer, MobileField.NoAnswer),
    forwarding(record, SubscriberField.Unreachable, MobileField.Unreachable),
    MobileRule.Subscriber,
  );
}

function outbound(record: u32, to: usize, toLength: u32): i32 {
  const premium = MAIN.kindWord(MobileField.PremiumPrefixes);
  for (let i: u32 = 0; i < MAIN.listLength(premium); i++) {
    const prefix = MAIN.listWord(premium, i);
    const length = MAIN.stringLength(prefix);
    if (length <= toLength && bytesEqual(MAIN.stringPtr(prefix), to, length)) {
      return reject(RejectReason.Rejected, MobileRule.BarredPremium);
    }
  }
  if (MAIN.kindWord(MobileField.BarInternational) === 1 && international(to, toLength)) {
    return reject(RejectReason.Rejected, MobileRule.BarredInternational);
  }
  if (blocked(record, to, toLength)) return reject(RejectReason.Rejected, MobileRule.Blocklist);
  const timeout: u32 = MobileDefault.OutboundTimeoutSec;
  return connect(StringRef.Called, timeout, NONE, NONE, NONE, MobileRule.Outbound);
}

/** E.164 and not `+` followed by the plan's calling code (short codes are national). */
function international(to: usize, toLength: u32): bool {
  if (toLength === 0 || load<u8>(to) !== 0x2b) return false;
  const code = MAIN.kindWord(MobileField.CallingCode);
  const length = MAIN.stringLength(code);
  return !(length + 1 <= toLength && bytesEqual(MAIN.stringPtr(code), to + 1, length));
}

/** Blocklist entries are numbers, or prefixes written with a trailing `*`. */
function blocked(record: u32, number: usize, length: u32): bool {
  const list = subscriberWord(record, SubscriberField.Blocklist);
  if (list === NONE) return false;
  for (let i: u32 = 0; i < SHARD.listLength(list); i++) {
    const entry = SHARD.listWord(list, i);
    const at = SHARD.stringPtr(entry);
    let entryLength = SHARD.stringLength(entry);
    const prefix = entryLength > 0 && load<u8>(at + entryLength - 1) === 0x2a;
    if (prefix) entryLength -= 1;
    const fits = prefix ? entryLength <= length : entryLength === length;
    if (fits && bytesEqual(at, number, entryLength)) return true;
  }
  return false;
}

/** Is the subscriber's do-not-disturb schedule on at the call's local time? */
function doNotDisturb(record: u32): bool {
  const schedule = subscriberWord(record, SubscriberField.DoNotDisturb);
  if (schedule === NONE) return false;
  const zone = SHARD.scheduleWord(schedule, ScheduleField.Timezone);
  const minute = inputWord(InputWord.FirstTimezone + 2 * zone);
  const intervals = SHARD.scheduleWord(schedule, ScheduleField.Intervals);
  const bounds = SHARD.listLength(intervals);
  for (let i: u32 = 0; i + 1 < bounds; i += 2) {
    if (minute >= SHARD.listWord(intervals, i) && minute < SHARD.listWord(intervals, i + 1)) {
      return true;
    }
  }
  return false;
}

function noAnswerTimeout(record: u32): u32 {
  const own = subscriberWord(record, SubscriberField.NoAnswerTimeoutSec);
  return own !== 0 ? own : MAIN.kindWord(MobileField.NoAnswerTimeoutSec);
}

/** The subscriber's own target for a condition, else the plan's default, else NONE. */
function forwarding(record: u32, own: u32, planDefault: u32): u32 {
  const target = subscriberWord(record, own);
  if (target !== NONE) return shardRef(target);
  const fallback = MAIN.kindWord(planDefault);
  return fallback === NONE ? NONE : <u32>StringRef.Plan | fallback;
}

function shardRef(str: u32): u32 {
  return <u32>StringRef.Shard | str;
}

function connect(
  target: u32,
  timeout: u32,
  busy: u32,
  noAnswer: u32,
  unreachable: u32,
  rule: u32,
): i32 {
  outputWord(MobileOutput.Status, ErrorCode.Ok);
  outputWord(MobileOutput.Outcome, MobileOutcome.Connect);
  outputWord(MobileOutput.RejectReason, 0);
  outputWord(MobileOutput.Target, target);
  outputWord(MobileOutput.TimeoutSec, timeout);
  outputWord(MobileOutput.Busy, busy);
  outputWord(MobileOutput.NoAnswer, noAnswer);
  outputWord(MobileOutput.Unreachable, unreachable);
  outputWord(MobileOutput.Rule, rule);
  return ErrorCode.Ok;
}

function reject(reason: u32, rule: u32): i32 {
  connect(NONE, 0, NONE, NONE, NONE, rule);
  outputWord(MobileOutput.Outcome, MobileOutcome.Reject);
  outputWord(MobileOutput.RejectReason, reason);
  return ErrorCode.Ok;
}

function fail(code: i32): i32 {
  connect(NONE, 0, NONE, NONE, NONE, 0);
  outputWord(MobileOutput.Status, code);
  outputWord(MobileOutput.Outcome, 0);
  return code;
}
