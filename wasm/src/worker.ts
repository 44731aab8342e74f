/// <reference path="./wasm.d.ts" />
// Workers entry: Workers cannot compile WebAssembly at run time, so the
// engine is imported statically and compiled by the bundler at deploy time.
import engineModule from "../build/engine.wasm";

export * from "./index.ts";
export { engineModule };
export default engineModule;
