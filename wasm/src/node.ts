// Node entry: compiles build/engine.wasm (made by `npm run build -w @switchboard/wasm`).
import { readFile } from "node:fs/promises";

export * from "./index.ts";

const ENGINE_URL = new URL("../build/engine.wasm", import.meta.url);

export async function loadEngineModule(): Promise<WebAssembly.Module> {
  return WebAssembly.compile(await readFile(ENGINE_URL));
}
