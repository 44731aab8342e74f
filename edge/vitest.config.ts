import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Tests run inside workerd with the Worker's real bindings from the root wrangler.toml.
// The root is the repository's: the pool resolves the engine's static .wasm import
// (wasm/build/engine.wasm) against it, and cannot reach files outside it.
const repoRoot = new URL("..", import.meta.url).pathname;

export default defineConfig({
  plugins: [
    cloudflareTest({
      // Relative to the root above: the repository's wrangler.toml is the Worker's config.
      wrangler: { configPath: "wrangler.toml" },
      miniflare: {
        bindings: { STATE_SECRET: "test-state-secret", TRACKING_SECRET: "test-tracking-secret" },
      },
    }),
  ],
  test: {
    name: "edge",
    root: repoRoot,
    include: ["edge/src/**/*.test.ts", "edge/test/**/*.test.ts"],
    // The first call of a file compiles and instantiates in a cold isolate; on a busy
    // 2-core machine that alone can pass vitest's default 5 s.
    testTimeout: 15_000,
  },
});
