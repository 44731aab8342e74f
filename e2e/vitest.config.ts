import { defineConfig } from "vitest/config";

// End-to-end: the real local stack (built edge on workerd + control plane on
// PGlite), driven over HTTP as a PBX admin and a carrier would.
export default defineConfig({
  test: { name: "e2e", include: ["**/*.test.ts"], testTimeout: 60_000, hookTimeout: 120_000 },
});
