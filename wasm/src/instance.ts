// One instance of engine.wasm with one bundle loaded: shared by every host
// class (PbxEngine, MobileEngine, readCountry).
import { Abi, type BundleKind, ErrorCode, Header } from "../assembly/abi.ts";
import { BundleError, EngineError } from "./errors.ts";

export interface EngineExports {
  memory: WebAssembly.Memory;
  abiVersion(): number;
  bundleAlloc(length: number): number;
  load(length: number): number;
  shardAlloc(length: number): number;
  loadShard(length: number): number;
  inputPtr(): number;
  outputPtr(): number;
  decide(): number;
  decideMobile(): number;
  snapshotAlloc(length: number): number;
  loadSnapshot(length: number): number;
  resultsPtr(): number;
  rank(): number;
}

/**
 * Instantiates `module` and loads `bundle`, which must be of `kind`; throws
 * BundleError if it is not, or if the engine refuses it.
 */
export function instantiate(
  module: WebAssembly.Module,
  bundle: Uint8Array,
  kind: BundleKind,
): EngineExports {
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
    throw new BundleError(ErrorCode.BadBounds, `bundle of ${bundle.byteLength} bytes is too large`);
  }
  new Uint8Array(exports.memory.buffer, at, bundle.byteLength).set(bundle);
  const code = exports.load(bundle.byteLength);
  if (code !== ErrorCode.Ok) throw new BundleError(code);
  // load accepts every kind the engine knows; each host class runs one.
  const loaded = new DataView(bundle.buffer, bundle.byteOffset).getUint16(Header.Kind, true);
  if (loaded !== kind)
    throw new BundleError(ErrorCode.NotPbx, `the bundle is of kind ${loaded}, not ${kind}`);
  return exports;
}

/**
 * The error for an engine call that threw (a trap, an abort, or the stack
 * running out inside WebAssembly). The caller marks its instance broken
 * *before* calling this: with the stack exhausted, even a call may throw.
 */
export function trapError(error: unknown): EngineError {
  if (error instanceof EngineError) return error;
  return new EngineError(ErrorCode.Trapped, `engine trapped: ${error}`, { cause: error });
}

/** An engine call's result: a negative one is the engine's error code. */
export function checked(code: number): number {
  if (code < 0) throw new EngineError(code);
  return code;
}

/** Writes `text` as ASCII at `at`; returns its length, or one over the limit when it does not fit. */
export function writeAscii(bytes: Uint8Array, at: number, text: string): number {
  const tooLong = Abi.MaxAsciiLength + 1;
  if (text.length > Abi.MaxAsciiLength) return tooLong;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) return tooLong;
    bytes[at + i] = code;
  }
  return text.length;
}
