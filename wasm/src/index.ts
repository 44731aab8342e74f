// @switchboard/wasm, runtime-agnostic: bring your own compiled engine module
// ("./node" reads it from disk, "./worker" imports it statically).
export { PbxEngine } from "./engine.ts";
export { BundleError, EngineError } from "./errors.ts";
export type { Action, CallEvent, PbxInfo, Prompt, Step, StepInput } from "./types.ts";
