import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { name: "wasm", include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
});
