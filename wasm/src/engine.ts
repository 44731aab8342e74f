// PbxEngine: one WebAssembly instance running one loaded bundle.
import {
  Abi,
  DialStatus,
  ErrorCode,
  EventCode,
  InputByte,
  InputFlag,
  InputWord,
  OutputWord,
  RecordWords,
} from "../assembly/abi.ts";
import { readAction } from "./actions.ts";
import { LocalClock } from "./clock.ts";
import { BundleError, EngineError } from "./errors.ts";
import { type BundleTables, NONE, readTables } from "./tables.ts";
import type { Action, CallEvent, PbxInfo, Step, StepInput } from "./types.ts";

interface EngineExports {
  memory: WebAssembly.Memory;
  abiVersion(): number;
  bundleAlloc(length: number): number;
  load(length: number): number;
  inputPtr(): number;
  outputPtr(): number;
  decide(): number;
}

const EVENT_CODES: Record<CallEvent["type"], EventCode> = {
  start: EventCode.Start,
  digits: EventCode.Digits,
  no_input: EventCode.NoInput,
  dial_result: EventCode.DialResult,
  queue_poll: EventCode.QueuePoll,
  prompt_done: EventCode.PromptDone,
  recording_done: EventCode.RecordingDone,
  hangup: EventCode.Hangup,
  queue_timeout: EventCode.QueueTimeout,
};

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
  readonly #clock: LocalClock;
  readonly #input: Uint32Array;
  readonly #inputBytes: Uint8Array;
  readonly #output: Uint32Array;
  #broken = false;

  private constructor(exports: EngineExports, tables: BundleTables, clock: LocalClock) {
    this.#exports = exports;
    this.#tables = tables;
    this.#clock = clock;
    this.info = tables.info;
    // Views are made after load: decide never grows memory, so they stay valid.
    const { buffer } = exports.memory;
    this.#input = new Uint32Array(buffer, exports.inputPtr(), InputByte.Size / 4);
    this.#inputBytes = new Uint8Array(buffer, exports.inputPtr(), InputByte.Size);
    this.#output = new Uint32Array(buffer, exports.outputPtr(), OUTPUT_WORDS);
  }

  /** Instantiates `module` and loads `bundle`; throws BundleError if the engine refuses it. */
  static load(module: WebAssembly.Module, bundle: Uint8Array): PbxEngine {
    const abort = (_message: number, _file: number, line: number, column: number): never => {
      throw new EngineError(ErrorCode.Trapped, `engine aborted at ${line}:${column}`);
    };
    const instance = new WebAssembly.Instance(module, { env: { abort } });
    const exports = instance.exports as unknown as EngineExports;
    if (exports.abiVersion() !== Abi.Version) {
      throw new EngineError(
        ErrorCode.BadAbiVersion,
        `engine.wasm speaks ABI ${exports.abiVersion()}, this host ${Abi.Version}: rebuild it with npm run build -w @switchboard/wasm`,
      );
    }
    const at = exports.bundleAlloc(bundle.byteLength);
    if (at === 0) {
      throw new BundleError(
        ErrorCode.BadBounds,
        `bundle of ${bundle.byteLength} bytes is too large`,
      );
    }
    new Uint8Array(exports.memory.buffer, at, bundle.byteLength).set(bundle);
    const code = exports.load(bundle.byteLength);
    if (code !== ErrorCode.Ok) throw new BundleError(code);
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

  /** One step of a call. Throws EngineError; after a trap every call throws. */
  decide(input: StepInput): Step {
    if (this.#broken) throw new EngineError(ErrorCode.Trapped);
    this.#writeInput(input);
    let code: number;
    try {
      code = this.#exports.decide();
    } catch (error) {
      this.#broken = true;
      if (error instanceof EngineError) throw error;
      throw new EngineError(ErrorCode.Trapped, `engine trapped: ${error}`, { cause: error });
    }
    if (code < 0) throw new EngineError(code);
    return this.#readOutput();
  }

  #writeInput({ event, node, retry, from, to, at }: StepInput): void {
    const time = at.getTime();
    if (Number.isNaN(time))
      throw new EngineError(ErrorCode.BadInput, "bad step input: at is not a valid date");
    const input = this.#input;
    input[InputWord.Event] = EVENT_CODES[event.type] ?? 0;
    input[InputWord.Node] = node === null ? NONE : node;
    input[InputWord.Retry] = retry;
    input[InputWord.DialStatus] =
      event.type === "dial_result" ? (DIAL_STATUSES[event.status] ?? 0) : 0;
    input[InputWord.Flags] = from === "anonymous" ? InputFlag.Anonymous : 0;
    input[InputWord.DigitsLength] = this.#writeAscii(
      InputByte.Digits,
      event.type === "digits" ? event.digits : "",
    );
    input[InputWord.FromLength] = this.#writeAscii(InputByte.From, from);
    input[InputWord.ToLength] = this.#writeAscii(InputByte.To, to);
    const local = this.#clock.at(at);
    input[InputWord.TimezoneCount] = local.length / 2;
    input.set(local, InputWord.FirstTimezone);
  }

  /** Writes `text` as ASCII; returns its length, or one over the limit when it does not fit. */
  #writeAscii(at: InputByte, text: string): number {
    const tooLong = Abi.MaxAsciiLength + 1;
    if (text.length > Abi.MaxAsciiLength) return tooLong;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code > 0x7f) return tooLong;
      this.#inputBytes[at + i] = code;
    }
    return text.length;
  }

  #readOutput(): Step {
    const output = this.#output;
    const count = output[OutputWord.ActionCount] ?? 0;
    const actions: Action[] = [];
    for (let k = 0; k < count; k++) {
      actions.push(
        readAction(this.#tables, output, OutputWord.FirstAction + k * RecordWords.Action),
      );
    }
    const node = output[OutputWord.Node] ?? NONE;
    const answeredBy = output[OutputWord.AnsweredBy] ?? NONE;
    return {
      actions,
      node: node === NONE ? null : node,
      retry: output[OutputWord.Retry] ?? 0,
      answeredBy: this.#tables.info.nodes[answeredBy] ?? "",
      steps: output[OutputWord.Steps] ?? 0,
    };
  }
}
