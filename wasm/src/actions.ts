// Output action records (8 words each) → SPEC §4 action JSON.
import { ActionField, ConnectStrategy, Opcode, RecordWords } from "../assembly/abi.ts";
import { type BundleTables, NONE } from "./tables.ts";
import type { Action } from "./types.ts";

/** The queue's Durable Object fills the real position; this is the poll default. */
const QUEUE_POLL_SEC = 10;
const REJECT_REASONS = ["busy", "rejected", "unavailable"] as const;

/** What decoding actions needs of a bundle: a Pbx's tables, or a Country's (no queues). */
export type ActionTables = Pick<BundleTables, "strings" | "lists" | "prompts" | "queues">;

/**
 * The actions of one bundle, each decoded once. `decide` tags every record with the node it
 * comes from, and a node always emits the same record, so the node picks the cached action; the
 * record's words are still compared, so a stale entry only costs a fresh decode. A decision then
 * allocates nothing for its actions but the array that holds them (and nothing at all when the
 * engine flags its output as a repeat: PbxEngine then returns the Step it built before).
 */
export class DecodedActions {
  readonly #tables: ActionTables;
  /** One slot per node, and the last for records without a node. */
  readonly #keys: Uint32Array;
  readonly #actions: (Action | undefined)[];

  constructor(tables: ActionTables, nodeCount: number) {
    this.#tables = tables;
    this.#keys = new Uint32Array((nodeCount + 1) * RecordWords.Action);
    this.#actions = new Array<Action | undefined>(nodeCount + 1).fill(undefined);
  }

  /** The action whose words start at `words[at]`; frozen, as every caller shares it. */
  read(words: Uint32Array, at: number): Action {
    const source = words[at + ActionField.Source] as number;
    const slot = source < this.#actions.length - 1 ? source : this.#actions.length - 1;
    const key = slot * RecordWords.Action;
    const cached = this.#actions[slot];
    if (cached !== undefined && this.#matches(words, at, key)) return cached;
    const action = freeze(readAction(this.#tables, words, at));
    this.#keys.set(words.subarray(at, at + RecordWords.Action), key);
    this.#actions[slot] = action;
    return action;
  }

  #matches(words: Uint32Array, at: number, key: number): boolean {
    const keys = this.#keys;
    for (let i = 0; i < RecordWords.Action; i++) if (keys[key + i] !== words[at + i]) return false;
    return true;
  }
}

function freeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const field of Object.values(value)) freeze(field);
    Object.freeze(value);
  }
  return value;
}

/** Decodes the action whose words start at `words[at]`, as a new object. */
export function readAction(tables: ActionTables, words: Uint32Array, at: number): Action {
  // No closures here: this runs for every action of every decision, and the
  // bundlers' keepNames wraps each closure made per call in a defineProperty.
  switch (words[at]) {
    case Opcode.Connect: {
      const callerId = optionalString(tables, word(words, at, ActionField.ConnectCallerId));
      const targets = tables.lists[word(words, at, ActionField.ConnectTargets)] ?? [];
      const to = new Array<string>(targets.length);
      for (let i = 0; i < targets.length; i++) to[i] = tables.strings[targets[i] ?? 0] ?? "";
      return {
        type: "connect",
        to,
        strategy:
          word(words, at, ActionField.ConnectStrategy) === ConnectStrategy.Sequential
            ? "sequential"
            : "simultaneous",
        timeoutSec: word(words, at, ActionField.ConnectTimeoutSec),
        ...(callerId === undefined ? {} : { callerId }),
      };
    }
    case Opcode.Play: {
      const loop = word(words, at, ActionField.PlayLoop);
      const played = tables.prompts[word(words, at, ActionField.PlayPrompt)] ?? {
        tts: "",
        language: "",
      };
      return loop > 0 ? { type: "play", prompt: played, loop } : { type: "play", prompt: played };
    }
    case Opcode.Gather: {
      const gathered = tables.prompts[word(words, at, ActionField.GatherPrompt)];
      const finishOnKey = optionalString(tables, word(words, at, ActionField.GatherFinishOnKey));
      return {
        type: "gather",
        ...(gathered === undefined ? {} : { prompt: gathered }),
        maxDigits: word(words, at, ActionField.GatherMaxDigits),
        timeoutSec: word(words, at, ActionField.GatherTimeoutSec),
        ...(finishOnKey === undefined ? {} : { finishOnKey }),
      };
    }
    case Opcode.Enqueue: {
      const queue = tables.queues[word(words, at, ActionField.EnqueueQueue)];
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
      const greeting = tables.prompts[word(words, at, ActionField.VoicemailGreeting)];
      return {
        type: "voicemail",
        mailbox: tables.strings[word(words, at, ActionField.VoicemailMailbox)] ?? "",
        ...(greeting === undefined ? {} : { greeting }),
        maxSec: word(words, at, ActionField.VoicemailMaxSec),
      };
    }
    case Opcode.Reject:
      return {
        type: "reject",
        reason: REJECT_REASONS[word(words, at, ActionField.RejectReason)] ?? "rejected",
      };
    default:
      return { type: "hangup" };
  }
}

function word(words: Uint32Array, at: number, field: ActionField): number {
  return words[at + field] ?? 0;
}

function optionalString(tables: ActionTables, word: number): string | undefined {
  return word === NONE ? undefined : (tables.strings[word] ?? "");
}
