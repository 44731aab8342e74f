// Output action records (8 words each) → SPEC §4 action JSON.
import { ActionField, ConnectStrategy, Opcode } from "../assembly/abi.ts";
import { type BundleTables, NONE } from "./tables.ts";
import type { Action } from "./types.ts";

/** The queue's Durable Object fills the real position; this is the poll default. */
const QUEUE_POLL_SEC = 10;
const REJECT_REASONS = ["busy", "rejected", "unavailable"] as const;

/** Decodes the action whose words start at `words[at]`. */
export function readAction(tables: BundleTables, words: Uint32Array, at: number): Action {
  const field = (f: ActionField) => words[at + f] ?? 0;
  const str = (f: ActionField) => tables.strings[field(f)] ?? "";
  const optionalString = (f: ActionField) => (field(f) === NONE ? undefined : str(f));
  const prompt = (f: ActionField) => tables.prompts[field(f)];
  switch (words[at]) {
    case Opcode.Connect: {
      const callerId = optionalString(ActionField.ConnectCallerId);
      return {
        type: "connect",
        to: Array.from(
          tables.lists[field(ActionField.ConnectTargets)] ?? [],
          (s) => tables.strings[s] ?? "",
        ),
        strategy:
          field(ActionField.ConnectStrategy) === ConnectStrategy.Sequential
            ? "sequential"
            : "simultaneous",
        timeoutSec: field(ActionField.ConnectTimeoutSec),
        ...(callerId === undefined ? {} : { callerId }),
      };
    }
    case Opcode.Play: {
      const loop = field(ActionField.PlayLoop);
      const played = prompt(ActionField.PlayPrompt) ?? { tts: "", language: "" };
      return loop > 0 ? { type: "play", prompt: played, loop } : { type: "play", prompt: played };
    }
    case Opcode.Gather: {
      const gathered = prompt(ActionField.GatherPrompt);
      const finishOnKey = optionalString(ActionField.GatherFinishOnKey);
      return {
        type: "gather",
        ...(gathered === undefined ? {} : { prompt: gathered }),
        maxDigits: field(ActionField.GatherMaxDigits),
        timeoutSec: field(ActionField.GatherTimeoutSec),
        ...(finishOnKey === undefined ? {} : { finishOnKey }),
      };
    }
    case Opcode.Enqueue: {
      const queue = tables.queues[field(ActionField.EnqueueQueue)];
      const holdPrompt = queue?.holdPrompt;
      return {
        type: "enqueue",
        queue: queue?.name ?? "",
        position: 0,
        ...(holdPrompt === undefined ? {} : { holdPrompt }),
        pollSec: QUEUE_POLL_SEC,
      };
    }
    case Opcode.Voicemail: {
      const greeting = prompt(ActionField.VoicemailGreeting);
      return {
        type: "voicemail",
        mailbox: str(ActionField.VoicemailMailbox),
        ...(greeting === undefined ? {} : { greeting }),
        maxSec: field(ActionField.VoicemailMaxSec),
      };
    }
    case Opcode.Reject:
      return {
        type: "reject",
        reason: REJECT_REASONS[field(ActionField.RejectReason)] ?? "rejected",
      };
    default:
      return { type: "hangup" };
  }
}
