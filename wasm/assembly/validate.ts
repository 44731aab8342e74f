// `load`: proves a bundle safe to run. Every section bound (sections.ts) and
// every index is checked here once, so the readers and `decide` never
// bounds-check, and a corrupt or truncated bundle is refused, never executed.
import {
  Abi,
  Anonymity,
  ErrorCode,
  MatchCaseField,
  MetaField,
  NodeField,
  NodeType,
  PromptField,
  PromptKind,
  QueueField,
  RecordWords,
  ScheduleField,
} from "./abi";
import {
  blobLength,
  listCount,
  listDataWords,
  listLength,
  listStart,
  listWord,
  markLoaded,
  metaWord,
  NONE,
  nodeCount,
  nodeWord,
  promptCount,
  promptWord,
  queueCount,
  queueWord,
  scheduleCount,
  scheduleWord,
  stringCount,
  stringsAt,
} from "./bundle";
import { placeTables } from "./sections";

/** The first fault found; later checks keep running but cannot overwrite it. */
let fault: i32 = ErrorCode.Ok;

function need(ok: bool, code: i32): void {
  if (!ok && fault === ErrorCode.Ok) fault = code;
}

export function validate(length: u32): i32 {
  markLoaded(false);
  fault = ErrorCode.Ok;
  const code = placeTables(length);
  if (code !== ErrorCode.Ok) return code;
  // Order matters: later checks read through what earlier ones proved.
  checkBlobs();
  if (fault === ErrorCode.Ok) checkMeta();
  if (fault === ErrorCode.Ok) checkTables();
  if (fault === ErrorCode.Ok) checkNodes();
  markLoaded(fault === ErrorCode.Ok);
  return fault;
}

function isNode(node: u32): bool {
  return node < nodeCount;
}

function isNodeOrNone(node: u32): bool {
  return node === NONE || node < nodeCount;
}

function isStringOrNone(str: u32): bool {
  return str === NONE || str < stringCount;
}

function isPromptOrNone(prompt: u32): bool {
  return prompt === NONE || prompt < promptCount;
}

function isStringList(list: u32): bool {
  if (list >= listCount) return false;
  const length = listLength(list);
  for (let i: u32 = 0; i < length; i++) {
    if (listWord(list, i) >= stringCount) return false;
  }
  return true;
}

function isStringListOrNone(list: u32): bool {
  return list === NONE || isStringList(list);
}

function checkMeta(): void {
  need(isNode(metaWord(MetaField.Entry)), ErrorCode.BadReference);
  for (let field = MetaField.Tenant; field <= MetaField.Language; field++) {
    need(metaWord(field) < stringCount, ErrorCode.BadReference);
  }
  const timezones = metaWord(MetaField.Timezones);
  const names = metaWord(MetaField.NodeNames);
  need(isStringList(timezones), ErrorCode.BadReference);
  need(isStringList(metaWord(MetaField.Numbers)), ErrorCode.BadReference);
  need(isStringList(names), ErrorCode.BadReference);
  if (fault !== ErrorCode.Ok) return;
  const zones = listLength(timezones);
  need(zones >= 1 && zones <= <u32>Abi.MaxTimezones, ErrorCode.BadRecord);
  need(listLength(names) === nodeCount, ErrorCode.BadRecord);
}

/** Every string and list must lie inside its blob or data words. */
function checkBlobs(): void {
  for (let s: u32 = 0; s < stringCount; s++) {
    const offset = load<u32>(stringsAt + s * RecordWords.String * 4);
    const length = load<u32>(stringsAt + s * RecordWords.String * 4 + 4);
    need(<u64>offset + <u64>length <= <u64>blobLength, ErrorCode.BadBounds);
  }
  for (let l: u32 = 0; l < listCount; l++) {
    need(<u64>listStart(l) + <u64>listLength(l) <= <u64>listDataWords, ErrorCode.BadBounds);
  }
}

function checkTables(): void {
  for (let p: u32 = 0; p < promptCount; p++) {
    const kind = promptWord(p, PromptField.Kind);
    need(kind === PromptKind.Audio || kind === PromptKind.Tts, ErrorCode.BadRecord);
    need(promptWord(p, PromptField.A) < stringCount, ErrorCode.BadReference);
    if (kind === PromptKind.Tts)
      need(promptWord(p, PromptField.B) < stringCount, ErrorCode.BadReference);
  }
  const zones = listLength(metaWord(MetaField.Timezones));
  for (let s: u32 = 0; s < scheduleCount; s++) {
    const intervals = scheduleWord(s, ScheduleField.Intervals);
    need(scheduleWord(s, ScheduleField.Timezone) < zones, ErrorCode.BadReference);
    need(intervals < listCount, ErrorCode.BadReference);
    need(scheduleWord(s, ScheduleField.Holidays) < listCount, ErrorCode.BadReference);
    if (intervals < listCount) need((listLength(intervals) & 1) === 0, ErrorCode.BadRecord);
  }
  for (let q: u32 = 0; q < queueCount; q++) {
    need(queueWord(q, QueueField.Name) < stringCount, ErrorCode.BadReference);
    need(isStringList(queueWord(q, QueueField.Agents)), ErrorCode.BadReference);
    need(queueWord(q, QueueField.Strategy) <= 2, ErrorCode.BadRecord);
    need(queueWord(q, QueueField.AnnouncePosition) <= 1, ErrorCode.BadRecord);
    need(isPromptOrNone(queueWord(q, QueueField.HoldPrompt)), ErrorCode.BadReference);
    need(isNodeOrNone(queueWord(q, QueueField.OnTimeout)), ErrorCode.BadReference);
  }
}

function checkNodes(): void {
  for (let n: u32 = 0; n < nodeCount; n++) {
    const type = nodeWord(n, 0);
    if (type === NodeType.Schedule) {
      need(nodeWord(n, NodeField.ScheduleSchedule) < scheduleCount, ErrorCode.BadReference);
      need(isNode(nodeWord(n, NodeField.ScheduleOpen)), ErrorCode.BadReference);
      need(isNode(nodeWord(n, NodeField.ScheduleClosed)), ErrorCode.BadReference);
    } else if (type === NodeType.Menu) {
      checkMenu(n);
    } else if (type === NodeType.Connect) {
      need(isStringList(nodeWord(n, NodeField.ConnectTargets)), ErrorCode.BadReference);
      need(nodeWord(n, NodeField.ConnectStrategy) <= 1, ErrorCode.BadRecord);
      need(isStringOrNone(nodeWord(n, NodeField.ConnectCallerId)), ErrorCode.BadReference);
      for (let f = NodeField.ConnectOnBusy; f <= NodeField.ConnectOnFailed; f++) {
        need(isNodeOrNone(nodeWord(n, f)), ErrorCode.BadReference);
      }
    } else if (type === NodeType.Queue) {
      need(nodeWord(n, NodeField.QueueQueue) < queueCount, ErrorCode.BadReference);
    } else if (type === NodeType.Play) {
      need(nodeWord(n, NodeField.PlayPrompt) < promptCount, ErrorCode.BadReference);
      need(isNodeOrNone(nodeWord(n, NodeField.PlayNext)), ErrorCode.BadReference);
    } else if (type === NodeType.Voicemail) {
      need(nodeWord(n, NodeField.VoicemailMailbox) < stringCount, ErrorCode.BadReference);
      need(isPromptOrNone(nodeWord(n, NodeField.VoicemailGreeting)), ErrorCode.BadReference);
    } else if (type === NodeType.Match) {
      checkMatch(n);
    } else if (type === NodeType.Reject) {
      need(nodeWord(n, NodeField.RejectReason) <= 2, ErrorCode.BadRecord);
    } else {
      need(type === NodeType.Hangup, ErrorCode.BadRecord);
    }
  }
}

function checkMenu(n: u32): void {
  need(isPromptOrNone(nodeWord(n, NodeField.MenuPrompt)), ErrorCode.BadReference);
  need(isNodeOrNone(nodeWord(n, NodeField.MenuOnNoInput)), ErrorCode.BadReference);
  need(isNodeOrNone(nodeWord(n, NodeField.MenuOnInvalid)), ErrorCode.BadReference);
  need(isStringOrNone(nodeWord(n, NodeField.MenuFinishOnKey)), ErrorCode.BadReference);
  const options = nodeWord(n, NodeField.MenuOptions);
  if (options >= listCount) {
    need(false, ErrorCode.BadReference);
    return;
  }
  const length = listLength(options);
  need((length & 1) === 0, ErrorCode.BadRecord);
  for (let i: u32 = 0; i + 1 < length; i += 2) {
    need(listWord(options, i) < stringCount, ErrorCode.BadReference);
    need(isNode(listWord(options, i + 1)), ErrorCode.BadReference);
  }
}

function checkMatch(n: u32): void {
  need(isNode(nodeWord(n, NodeField.MatchDefault)), ErrorCode.BadReference);
  const cases = nodeWord(n, NodeField.MatchCases);
  if (cases >= listCount) {
    need(false, ErrorCode.BadReference);
    return;
  }
  const length = listLength(cases);
  need(length % RecordWords.MatchCase === 0, ErrorCode.BadRecord);
  for (let c: u32 = 0; c + RecordWords.MatchCase <= length; c += RecordWords.MatchCase) {
    need(isNode(listWord(cases, c + MatchCaseField.Next)), ErrorCode.BadReference);
    need(
      isStringListOrNone(listWord(cases, c + MatchCaseField.CallerPrefix)),
      ErrorCode.BadReference,
    );
    need(isStringListOrNone(listWord(cases, c + MatchCaseField.CallerIn)), ErrorCode.BadReference);
    need(
      listWord(cases, c + MatchCaseField.Anonymous) <= <u32>Anonymity.Excluded,
      ErrorCode.BadRecord,
    );
    need(isStringListOrNone(listWord(cases, c + MatchCaseField.CalledIn)), ErrorCode.BadReference);
  }
}
