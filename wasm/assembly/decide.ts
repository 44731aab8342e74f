// One step of a call (docs/bundle-format.md, "Step semantics"): apply the
// event to the node the call waits at, walk pass-through nodes, and write
// the actions of the node the call waits at next. Allocation-free.
import {
  Abi,
  ActionField,
  DialStatus,
  ErrorCode,
  EventCode,
  InputByte,
  InputWord,
  MetaField,
  NodeField,
  NodeType,
  Opcode,
  OutputWord,
  QueueField,
} from "./abi";
import {
  listLength,
  listWord,
  loaded,
  metaWord,
  NONE,
  nodeCount,
  nodeWord,
  queueWord,
  stringLength,
  stringPtr,
} from "./bundle";
import { actionAt, INPUT, inputWord, outputWord, repeatsOutput } from "./io";
import { bytesEqual, matchCase } from "./match";
import { isOpen } from "./schedule";

let actionCount: u32 = 0;
let steps: u32 = 0;

export function decideStep(): i32 {
  actionCount = 0;
  steps = 0;
  if (!loaded) return fail(ErrorCode.NotLoaded);
  const event = inputWord(InputWord.Event);
  const node = inputWord(InputWord.Node);
  const retry = inputWord(InputWord.Retry);
  if (!inputValid(event, node)) return fail(ErrorCode.BadInput);
  if (event === EventCode.Start) return walk(metaWord(MetaField.Entry), 0, NONE);
  if (event === EventCode.Hangup) return finish(NONE, 0, node);
  if (node === NONE) return fail(ErrorCode.BadInput);
  return react(event, node, retry);
}

function inputValid(event: u32, node: u32): bool {
  const limit: u32 = Abi.MaxAsciiLength;
  if (event < <u32>EventCode.Start || event > <u32>EventCode.QueueTimeout) return false;
  if (node !== NONE && node >= nodeCount) return false;
  if (inputWord(InputWord.DigitsLength) > limit) return false;
  if (inputWord(InputWord.FromLength) > limit || inputWord(InputWord.ToLength) > limit) {
    return false;
  }
  const zones = inputWord(InputWord.TimezoneCount);
  if (zones !== listLength(metaWord(MetaField.Timezones))) return false;
  const status = inputWord(InputWord.DialStatus);
  return event !== EventCode.DialResult || (status >= 1 && status <= <u32>DialStatus.Unreachable);
}

/** An event at the node the call waits at. */
function react(event: u32, node: u32, retry: u32): i32 {
  const type = nodeWord(node, 0);
  if (type === NodeType.Menu) {
    if (event === EventCode.Digits) {
      const next = menuOption(node);
      if (next !== NONE) return walk(next, 0, node);
      return retryMenu(node, retry, NodeField.MenuOnInvalid);
    }
    if (event === EventCode.NoInput) return retryMenu(node, retry, NodeField.MenuOnNoInput);
  } else if (type === NodeType.Connect && event === EventCode.DialResult) {
    return dialed(node);
  } else if (type === NodeType.Queue && event === EventCode.QueueTimeout) {
    const queue = nodeWord(node, NodeField.QueueQueue);
    return walk(queueWord(queue, QueueField.OnTimeout), 0, node);
  } else if (type === NodeType.Voicemail && event === EventCode.RecordingDone) {
    return walk(NONE, 0, node);
  }
  // Anything unexpected repeats the waiting node's actions: never strand a call.
  return walk(node, retry, node);
}

/** The node of the menu option whose key equals the digits, or NONE. */
function menuOption(node: u32): u32 {
  const options = nodeWord(node, NodeField.MenuOptions);
  const length = listLength(options);
  const digits = INPUT + InputByte.Digits;
  const digitCount = inputWord(InputWord.DigitsLength);
  for (let i: u32 = 0; i + 1 < length; i += 2) {
    const key = listWord(options, i);
    if (stringLength(key) === digitCount && bytesEqual(stringPtr(key), digits, digitCount)) {
      return listWord(options, i + 1);
    }
  }
  return NONE;
}

function retryMenu(node: u32, retry: u32, handler: i32): i32 {
  const next = retry + 1;
  if (next <= nodeWord(node, NodeField.MenuRetries)) return walk(node, next, node);
  return walk(nodeWord(node, handler), 0, node);
}

function dialed(node: u32): i32 {
  const status = inputWord(InputWord.DialStatus);
  // The carrier bridged the call: nothing more to say.
  if (status === DialStatus.Answered) return finish(NONE, 0, node);
  let next = nodeWord(node, NodeField.ConnectOnFailed);
  if (status === DialStatus.Busy) next = nodeWord(node, NodeField.ConnectOnBusy);
  if (status === DialStatus.NoAnswer) next = nodeWord(node, NodeField.ConnectOnNoAnswer);
  if (next === NONE) next = nodeWord(node, NodeField.ConnectOnFailed);
  if (next === NONE) next = nodeWord(node, NodeField.ConnectOnNoAnswer);
  return walk(next, 0, node);
}

/**
 * Enters `first` (with `retry`, later nodes with 0) and goes on through
 * pass-through nodes until one waits or ends the call. Walking off the end
 * (NONE: a play without next, an absent handler) hangs up.
 */
function walk(first: u32, retry: u32, answeredBy: u32): i32 {
  let node = first;
  let nodeRetry = retry;
  while (node !== NONE) {
    if (++steps > <u32>Abi.StepBudget) return fail(ErrorCode.StepBudget);
    answeredBy = node;
    const type = nodeWord(node, 0);
    if (type === NodeType.Schedule) {
      const open = isOpen(nodeWord(node, NodeField.ScheduleSchedule));
      node = nodeWord(node, open ? NodeField.ScheduleOpen : NodeField.ScheduleClosed);
    } else if (type === NodeType.Match) {
      node = matchCase(
        nodeWord(node, NodeField.MatchCases),
        nodeWord(node, NodeField.MatchDefault),
      );
    } else if (type === NodeType.Play) {
      const prompt = nodeWord(node, NodeField.PlayPrompt);
      if (!emit(node, Opcode.Play, prompt, nodeWord(node, NodeField.PlayLoop), 0, 0)) {
        return fail(ErrorCode.TooManyActions);
      }
      node = nodeWord(node, NodeField.PlayNext);
    } else {
      return settle(node, type, nodeRetry);
    }
    nodeRetry = 0;
  }
  if (!emit(NONE, Opcode.Hangup, 0, 0, 0, 0)) return fail(ErrorCode.TooManyActions);
  return finish(NONE, 0, answeredBy);
}

/** A node that waits for the carrier's next event, or ends the call. */
function settle(node: u32, type: u32, retry: u32): i32 {
  let waits: bool = true;
  let ok: bool = true;
  if (type === NodeType.Menu) {
    ok = emit(
      node,
      Opcode.Gather,
      nodeWord(node, NodeField.MenuPrompt),
      nodeWord(node, NodeField.MenuMaxDigits),
      nodeWord(node, NodeField.MenuTimeoutSec),
      nodeWord(node, NodeField.MenuFinishOnKey),
    );
  } else if (type === NodeType.Connect) {
    ok = emit(
      node,
      Opcode.Connect,
      nodeWord(node, NodeField.ConnectTargets),
      nodeWord(node, NodeField.ConnectStrategy),
      nodeWord(node, NodeField.ConnectTimeoutSec),
      nodeWord(node, NodeField.ConnectCallerId),
    );
  } else if (type === NodeType.Queue) {
    ok = emit(node, Opcode.Enqueue, nodeWord(node, NodeField.QueueQueue), 0, 0, 0);
  } else if (type === NodeType.Voicemail) {
    ok = emit(
      node,
      Opcode.Voicemail,
      nodeWord(node, NodeField.VoicemailMailbox),
      nodeWord(node, NodeField.VoicemailGreeting),
      nodeWord(node, NodeField.VoicemailMaxSec),
      0,
    );
  } else if (type === NodeType.Reject) {
    ok = emit(node, Opcode.Reject, nodeWord(node, NodeField.RejectReason), 0, 0, 0);
    waits = false;
  } else {
    ok = emit(node, Opcode.Hangup, 0, 0, 0, 0);
    waits = false;
  }
  if (!ok) return fail(ErrorCode.TooManyActions);
  return waits ? finish(node, type === NodeType.Menu ? retry : 0, node) : finish(NONE, 0, node);
}

/**
 * Writes an action record; `source` is the node it comes from (NONE for the walk's end).
 * Every other word comes from that node's record, never from the input: the output memo
 * (io.ts, `repeatsOutput`) relies on a source always emitting the same record.
 */
function emit(source: u32, opcode: u32, a: u32, b: u32, c: u32, d: u32): bool {
  if (actionCount >= <u32>Abi.MaxActions) return false;
  const at = actionAt(actionCount++);
  store<u32>(at, source, ActionField.Source << 2);
  store<u32>(at, opcode);
  store<u32>(at, a, 4);
  store<u32>(at, b, 8);
  store<u32>(at, c, 12);
  store<u32>(at, d, 16);
  return true;
}

function finish(node: u32, retry: u32, answeredBy: u32): i32 {
  outputWord(OutputWord.Status, ErrorCode.Ok);
  outputWord(OutputWord.Node, node);
  outputWord(OutputWord.Retry, retry);
  outputWord(OutputWord.ActionCount, actionCount);
  outputWord(OutputWord.AnsweredBy, answeredBy);
  outputWord(OutputWord.Steps, steps);
  outputWord(OutputWord.Repeat, repeatsOutput() ? 1 : 0);
  return <i32>actionCount;
}

function fail(code: i32): i32 {
  outputWord(OutputWord.Status, code);
  outputWord(OutputWord.Node, NONE);
  outputWord(OutputWord.Retry, 0);
  outputWord(OutputWord.ActionCount, 0);
  outputWord(OutputWord.AnsweredBy, NONE);
  outputWord(OutputWord.Steps, steps);
  outputWord(OutputWord.Repeat, 0);
  return code;
}
