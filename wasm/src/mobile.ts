// MobileEngine: one WebAssembly instance running one MobilePlan bundle. Each
// decision also needs the subscriber's SubscriberShard; the instance keeps the
// last shard it was given and copies in (and checks) another only on a change.
import {
  BundleKind,
  Direction,
  ErrorCode,
  InputByte,
  InputFlag,
  InputWord,
  MobileField,
  MobileOutcome,
  MobileOutput,
  MobileRule,
  Section,
  ShardHead,
  StringRef,
} from "../assembly/abi.ts";
import { LocalClock } from "./clock.ts";
import { BundleError, EngineError } from "./errors.ts";
import { checked, type EngineExports, instantiate, trapError, writeAscii } from "./instance.ts";
import type { Action, Forwarding } from "./types.ts";
import { type BundleView, NONE, viewOf } from "./view.ts";

export interface MobilePlanInfo {
  tenant: string;
  name: string;
  country: string;
  /** Digits without `+`, e.g. "46". */
  callingCode: string;
}

/** A SubscriberShard's bytes and its SHA-256 (which names it, as for bundles). */
export interface ShardBytes {
  hash: string;
  bytes: Uint8Array;
}

export interface MobileInput {
  direction: "inbound" | "outbound";
  from: string;
  to: string;
  at: Date;
}

/** Which rule decided, for `meta.node`. */
export type MobileRuleName =
  | "not_subscriber"
  | "blocklist"
  | "do_not_disturb"
  | "forward_unconditional"
  | "subscriber"
  | "barred_premium"
  | "barred_international"
  | "outbound";

export interface MobileDecision {
  /** The one answer: connect (with conditional forwarding) or reject. */
  action: Action;
  rule: MobileRuleName;
}

const RULES: Record<number, MobileRuleName> = {
  [MobileRule.NotSubscriber]: "not_subscriber",
  [MobileRule.Blocklist]: "blocklist",
  [MobileRule.DoNotDisturb]: "do_not_disturb",
  [MobileRule.Unconditional]: "forward_unconditional",
  [MobileRule.Subscriber]: "subscriber",
  [MobileRule.BarredPremium]: "barred_premium",
  [MobileRule.BarredInternational]: "barred_international",
  [MobileRule.Outbound]: "outbound",
};
const REJECT_REASONS = ["busy", "rejected", "unavailable"] as const;
/** Decoded shards kept per instance (by hash): far more than calls alternate between. */
const SHARD_VIEWS = 256;

interface ShardView {
  view: BundleView;
  clock: LocalClock;
}

export class MobileEngine {
  readonly info: MobilePlanInfo;
  readonly #exports: EngineExports;
  readonly #plan: BundleView;
  readonly #shards = new Map<string, ShardView>();
  #resident: string | null = null;
  #broken = false;

  private constructor(exports: EngineExports, plan: BundleView) {
    this.#exports = exports;
    this.#plan = plan;
    const word = (field: MobileField) => plan.word(plan.section(Section.Mobile) + field * 4);
    const str = (field: MobileField) => plan.strings[word(field)] ?? "";
    this.info = {
      tenant: str(MobileField.Tenant),
      name: str(MobileField.Name),
      country: str(MobileField.Country),
      callingCode: str(MobileField.CallingCode),
    };
  }

  /** Instantiates `module` and loads the MobilePlan `bundle`; throws BundleError if refused. */
  static load(module: WebAssembly.Module, bundle: Uint8Array): MobileEngine {
    return new MobileEngine(instantiate(module, bundle, BundleKind.MobilePlan), viewOf(bundle));
  }

  /** Memory size: grows only when a larger shard than any before comes in. */
  get memoryBytes(): number {
    return this.#exports.memory.buffer.byteLength;
  }

  /**
   * The one answer of a mobile call. Throws BundleError when the shard is
   * refused (corrupt, or not a shard), EngineError when the decision fails.
   */
  decide(input: MobileInput, shard: ShardBytes): MobileDecision {
    if (this.#broken) throw new EngineError(ErrorCode.Trapped);
    const resident = this.#useShard(shard);
    this.#writeInput(input, resident.clock);
    let code: number;
    try {
      code = this.#exports.decideMobile();
    } catch (error) {
      this.#broken = true;
      throw trapError(error);
    }
    checked(code);
    return this.#readOutput(input, resident.view);
  }

  #useShard({ hash, bytes }: ShardBytes): ShardView {
    if (this.#resident !== hash) {
      this.#resident = null;
      const at = this.#exports.shardAlloc(bytes.byteLength);
      if (at === 0) {
        throw new BundleError(
          ErrorCode.BadBounds,
          `shard of ${bytes.byteLength} bytes is too large`,
        );
      }
      new Uint8Array(this.#exports.memory.buffer, at, bytes.byteLength).set(bytes);
      const code = this.#exports.loadShard(bytes.byteLength);
      if (code !== ErrorCode.Ok) throw new BundleError(code);
      this.#resident = hash;
    }
    let shard = this.#shards.get(hash);
    if (!shard) {
      shard = decodeShard(bytes);
      // Oldest first out: a Map iterates in insertion order.
      if (this.#shards.size >= SHARD_VIEWS) {
        this.#shards.delete(this.#shards.keys().next().value ?? "");
      }
      this.#shards.set(hash, shard);
    }
    return shard;
  }

  #writeInput({ direction, from, to, at }: MobileInput, clock: LocalClock): void {
    const time = at.getTime();
    if (Number.isNaN(time)) {
      throw new EngineError(ErrorCode.BadInput, "bad step input: at is not a valid date");
    }
    // Views are made per decision: loading a larger shard may have grown memory.
    const { buffer } = this.#exports.memory;
    const base = this.#exports.inputPtr();
    const words = new Uint32Array(buffer, base, InputByte.Size / 4);
    const bytes = new Uint8Array(buffer, base, InputByte.Size);
    words[InputWord.Event] = direction === "inbound" ? Direction.Inbound : Direction.Outbound;
    words[InputWord.Flags] = from === "anonymous" ? InputFlag.Anonymous : 0;
    words[InputWord.FromLength] = writeAscii(bytes, InputByte.From, from);
    words[InputWord.ToLength] = writeAscii(bytes, InputByte.To, to);
    clock.writeInput(time, words);
  }

  #readOutput(input: MobileInput, shard: BundleView): MobileDecision {
    const out = new Uint32Array(
      this.#exports.memory.buffer,
      this.#exports.outputPtr(),
      MobileOutput.Words,
    );
    const rule = RULES[out[MobileOutput.Rule] ?? 0] ?? "subscriber";
    if (out[MobileOutput.Outcome] === MobileOutcome.Reject) {
      const reason = REJECT_REASONS[out[MobileOutput.RejectReason] ?? 0] ?? "rejected";
      return { action: { type: "reject", reason }, rule };
    }
    const text = (ref: number): string | undefined => {
      if (ref === NONE) return undefined;
      const index = ref & StringRef.IndexMask;
      if ((ref & ~StringRef.IndexMask) >>> 0 === StringRef.Called) return input.to;
      const strings = (ref & StringRef.Plan) !== 0 ? this.#plan.strings : shard.strings;
      return strings[index];
    };
    const forward: Forwarding = {};
    const busy = text(out[MobileOutput.Busy] ?? NONE);
    const noAnswer = text(out[MobileOutput.NoAnswer] ?? NONE);
    const unreachable = text(out[MobileOutput.Unreachable] ?? NONE);
    if (busy !== undefined) forward.busy = busy;
    if (noAnswer !== undefined) forward.noAnswer = noAnswer;
    if (unreachable !== undefined) forward.unreachable = unreachable;
    const action: Action = {
      type: "connect",
      to: [text(out[MobileOutput.Target] ?? NONE) ?? input.to],
      strategy: "simultaneous",
      timeoutSec: out[MobileOutput.TimeoutSec] ?? 0,
      ...(Object.keys(forward).length > 0 ? { forward } : {}),
    };
    return { action, rule };
  }
}

/** Strings and the do-not-disturb clock of a shard the engine accepted. */
function decodeShard(bytes: Uint8Array): ShardView {
  const view = viewOf(bytes);
  const zones = view.word(view.section(Section.Subscribers) + ShardHead.Timezones * 4);
  const timezones = view.stringList(zones);
  try {
    return { view, clock: new LocalClock(timezones) };
  } catch (error) {
    throw new BundleError(
      ErrorCode.BadRecord,
      `unknown time zone among ${timezones.join(", ")}: ${error}`,
    );
  }
}
