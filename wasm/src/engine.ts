// PbxEngine: one WebAssembly instance running one loaded bundle.
import {
  Abi,
  BundleKind,
  DialStatus,
  ErrorCode,
  EventCode,
  InputByte,
  InputFlag,
  InputWord,
  OutputWord,
  RecordWords,
} from "../assembly/abi.ts";
import { DecodedActions } from "./actions.ts";
import { LocalClock } from "./clock.ts";
import { BundleError, EngineError } from "./errors.ts";
import { checked, type EngineExports, instantiate, trapError, writeAscii } from "./instance.ts";
import { type BundleTables, NONE, type QueueInfo, readTables } from "./tables.ts";
import type { Action, CallEvent, PbxInfo, Step, StepInput } from "./types.ts";

/** A switch, not a keyed lookup: this runs on every decision. 0 is refused by the engine. */
function eventCode(type: CallEvent["type"]): EventCode | 0 {
  switch (type) {
    case "start":
      return EventCode.Start;
    case "digits":
      return EventCode.Digits;
    case "no_input":
      return EventCode.NoInput;
    case "dial_result":
      return EventCode.DialResult;
    case "queue_poll":
      return EventCode.QueuePoll;
    case "prompt_done":
      return EventCode.PromptDone;
    case "recording_done":
      return EventCode.RecordingDone;
    case "hangup":
      return EventCode.Hangup;
    case "queue_timeout":
      return EventCode.QueueTimeout;
    default:
      return 0;
  }
}

const DIAL_STATUSES: Record<string, DialStatus> = {
  answered: DialStatus.Answered,
  busy: DialStatus.Busy,
  no_answer: DialStatus.NoAnswer,
  failed: DialStatus.Failed,
  unreachable: DialStatus.Unreachable,
};

const OUTPUT_WORDS = OutputWord.FirstAction + Abi.MaxActions * RecordWords.Action;

export class PbxEngine {
  readonly info: PbxInfo;
  readonly #exports: EngineExports;
  readonly #tables: BundleTables;
  readonly #actions: DecodedActions;
  readonly #clock: LocalClock;
  readonly #input: Uint32Array;
  readonly #inputBytes: Uint8Array;
  readonly #output: Uint32Array;
  readonly #steps: (Step | undefined)[];
  #broken = false;
  /** The caller and called numbers now written in the input area. */
  #from: string | undefined;
  #to: string | undefined;

  private constructor(exports: EngineExports, tables: BundleTables, clock: LocalClock) {
    this.#exports = exports;
    this.#tables = tables;
    this.#actions = new DecodedActions(tables, tables.info.nodes.length);
    this.#clock = clock;
    this.info = tables.info;
    // Views are made after load: decide never grows memory, so they stay valid.
    const { buffer } = exports.memory;
    this.#input = new Uint32Array(buffer, exports.inputPtr(), InputByte.Size / 4);
    this.#inputBytes = new Uint8Array(buffer, exports.inputPtr(), InputByte.Size);
    this.#output = new Uint32Array(buffer, exports.outputPtr(), OUTPUT_WORDS);
    this.#steps = new Array<Step | undefined>(Abi.OutputMemoSlots).fill(undefined);
  }

  /** Instantiates `module` and loads `bundle`; throws BundleError if the engine refuses it. */
  static load(module: WebAssembly.Module, bundle: Uint8Array): PbxEngine {
    const exports = instantiate(module, bundle, BundleKind.Pbx);
    const tables = readTables(bundle);
    let clock: LocalClock;
    try {
      clock = new LocalClock(tables.timezones);
    } catch (error) {
      const zones = tables.timezones.join(", ");
      throw new BundleError(ErrorCode.BadRecord, `unknown time zone among ${zones}: ${error}`);
    }
    return new PbxEngine(exports, tables, clock);
  }

  /** Size of the instance's linear memory: constant once loaded (decide never allocates). */
  get memoryBytes(): number {
    return this.#exports.memory.buffer.byteLength;
  }

  /**
   * The queue a call waiting at `node` is in, or null when `node` is not a
   * `queue` node: the edge's queue Durable Object runs it.
   */
  queueAt(node: number | null): QueueInfo | null {
    const queue = node === null ? undefined : this.#tables.nodeQueues[node];
    return queue === undefined ? null : (this.#tables.queues[queue] ?? null);
  }

  /**
   * One step of a call. Throws EngineError; after a trap every call throws. The Step is
   * frozen and may be the same object an earlier step with the same output returned.
   */
  decide(input: StepInput): Step {
    if (this.#broken) throw new EngineError(ErrorCode.Trapped);
    this.#writeInput(input);
    let code: number;
    try {
      code = this.#exports.decide();
    } catch (error) {
      this.#broken = true;
      throw trapError(error);
    }
    checked(code);
    return this.#readOutput();
  }

  #writeInput({ event, node, retry, from, to, at }: StepInput): void {
    const time = at.getTime();
    if (Number.isNaN(time))
      throw new EngineError(ErrorCode.BadInput, "bad step input: at is not a valid date");
    const input = this.#input;
    input[InputWord.Event] = eventCode(event.type);
    input[InputWord.Node] = node === null ? NONE : node;
    input[InputWord.Retry] = retry;
    input[InputWord.DialStatus] =
      event.type === "dial_result" ? (DIAL_STATUSES[event.status] ?? 0) : 0;
    input[InputWord.Flags] = from === "anonymous" ? InputFlag.Anonymous : 0;
    input[InputWord.DigitsLength] = writeAscii(
      this.#inputBytes,
      InputByte.Digits,
      event.type === "digits" ? event.digits : "",
    );
    // The bytes stay in the input area between steps (the engine only reads
    // them): rewrite a number only when it changed, which saves a third of a step.
    if (from !== this.#from) {
      input[InputWord.FromLength] = writeAscii(this.#inputBytes, InputByte.From, from);
      this.#from = from;
    }
    if (to !== this.#to) {
      input[InputWord.ToLength] = writeAscii(this.#inputBytes, InputByte.To, to);
      this.#to = to;
    }
    // Local time changes once a minute; the words written then stay in the input area.
    this.#clock.writeInputOnChange(time, input);
  }

  #readOutput(): Step {
    const output = this.#output;
    const slot = (output[OutputWord.AnsweredBy] as number) & (Abi.OutputMemoSlots - 1);
    // The engine says when this output repeats the one the slot's Step was built from.
    const cached = this.#steps[slot];
    if (output[OutputWord.Repeat] === 1 && cached !== undefined) return cached;
    const count = output[OutputWord.ActionCount] as number;
    const actions = new Array<Action>(count);
    for (let k = 0; k < count; k++) {
      actions[k] = this.#actions.read(output, OutputWord.FirstAction + k * RecordWords.Action);
    }
    const node = output[OutputWord.Node] as number;
    const step: Step = Object.freeze({
      actions: Object.freeze(actions) as Action[],
      node: node === NONE ? null : node,
      retry: output[OutputWord.Retry] as number,
      answeredBy: this.info.nodes[output[OutputWord.AnsweredBy] as number] ?? "",
      steps: output[OutputWord.Steps] as number,
    });
    this.#steps[slot] = step;
    return step;
  }
}
