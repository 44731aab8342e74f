import { ErrorCode } from "../assembly/abi.ts";

const REBUILD = "recompile the rule file with @switchboard/rules-compiler and publish it again";

const bundleMessages: Record<number, string> = {
  [ErrorCode.BadMagic]: "not a Switchboard bundle (the first bytes are not SWBN)",
  [ErrorCode.BadAbiVersion]: "the bundle was written for another engine ABI version",
  [ErrorCode.BadBounds]: "the bundle is truncated or a section lies outside it",
  [ErrorCode.BadReference]: "the bundle holds a reference to a record that does not exist",
  [ErrorCode.NotPbx]: "the bundle is not of the kind this engine runs here",
  [ErrorCode.NoShard]: "the subscriber shard is not a SubscriberShard table",
  [ErrorCode.NoSnapshot]: "the snapshot is not a marketplace Snapshot (kind 6)",
  [ErrorCode.BadRecord]: "the bundle holds a malformed record (unknown type or value)",
};

const engineMessages: Record<number, string> = {
  [ErrorCode.NotLoaded]: "no bundle is loaded in this engine instance",
  [ErrorCode.BadInput]:
    "bad step input: unknown event or dial status, a node the bundle lacks, or digits/from/to over 32 ASCII characters",
  [ErrorCode.StepBudget]:
    "step budget spent: more than 64 node entries in one decision; shorten the chain of schedule/match/play nodes",
  [ErrorCode.TooManyActions]: "more than 16 actions in one answer; shorten the chain of play nodes",
  [ErrorCode.NotPbx]: "this instance holds a bundle of another kind",
  [ErrorCode.NoShard]: "no subscriber shard is loaded: load one before decideMobile",
  [ErrorCode.NoSnapshot]: "no Ranking and snapshot are loaded in this instance",
  [ErrorCode.Trapped]:
    "the engine instance trapped and refuses further use; load the bundle into a new instance",
};

/** `load` refused the bundle: it is corrupt, truncated or for another ABI. Nothing ran. */
export class BundleError extends Error {
  override readonly name = "BundleError";
  constructor(
    readonly code: number,
    detail?: string,
  ) {
    super(`${detail ?? bundleMessages[code] ?? `load failed with code ${code}`}; ${REBUILD}`);
  }
}

/** `decide` failed (step budget, bad input) or the instance trapped. */
export class EngineError extends Error {
  override readonly name = "EngineError";
  constructor(
    readonly code: number,
    detail?: string,
    options?: { cause?: unknown },
  ) {
    super(detail ?? engineMessages[code] ?? `decide failed with code ${code}`, options);
  }
}
