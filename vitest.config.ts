import { defineConfig } from "vitest/config";

// Each workspace owns its test setup; the edge runs inside workerd. The JSON
// report is what .ci/run counts.
export default defineConfig({
  test: {
    projects: ["rules-compiler", "wasm", "control-plane", "edge", "e2e"],
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
  },
});
