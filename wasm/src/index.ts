// @switchboard/wasm, runtime-agnostic: bring your own compiled engine module
// ("./node" reads it from disk, "./worker" imports it statically).
export { type CountryInfo, readCountry } from "./country.ts";
export { PbxEngine } from "./engine.ts";
export { BundleError, EngineError } from "./errors.ts";
export { Hmac } from "./hmac.ts";
export {
  type MobileDecision,
  MobileEngine,
  type MobileInput,
  type MobilePlanInfo,
  type MobileRuleName,
  type ShardBytes,
} from "./mobile.ts";
export {
  type RankingInfo,
  type SearchAnswer,
  SearchEngine,
  type SearchQuery,
  type SearchResult,
  type SnapshotInfo,
} from "./search.ts";
export type { QueueInfo } from "./tables.ts";
export { MAX_QUERY_TOKENS, tokenize } from "./tokens.ts";
export type {
  Action,
  CallEvent,
  Forwarding,
  PbxInfo,
  Prompt,
  Step,
  StepInput,
} from "./types.ts";
