import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { name: "rules-compiler", include: ["src/**/*.test.ts", "test/**/*.test.ts"] },
});
