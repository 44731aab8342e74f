import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "control-plane",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // PGlite boot, Postgres database creation and workerd start-up dominate; not a timing assertion.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
