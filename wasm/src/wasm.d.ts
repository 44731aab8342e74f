// A static `.wasm` import is a compiled module (Wrangler, vitest-pool-workers).
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
