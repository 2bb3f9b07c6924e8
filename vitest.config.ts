import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    env: {
      // Handler logs are asserted explicitly where they matter; keep the test output readable.
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "SILENT",
    },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
