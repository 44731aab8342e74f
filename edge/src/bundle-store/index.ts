/**
 * The edge store (KV) as the call path sees it: pointers say which bundle answers
 * a number, bundles become engines. Every read is bounded by the request's budget
 * and every failure is a StoreFault the caller turns into a fallback answer.
 */
export { discardEngine, engineFor, lastGoodEngine, rememberGood } from "./engines.ts";
export { StoreFault, type StoreFaultReason } from "./fault.ts";
export { fetchBundle, loadBundle } from "./fetch.ts";
export { KvCache, parseJson } from "./kv-cache.ts";
export {
  bucketOf,
  chooseBundle,
  POINTER_FRESH_MS,
  type Pointer,
  readPointer,
  sha256Hex,
} from "./pointer.ts";
