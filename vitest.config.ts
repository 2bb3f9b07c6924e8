import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

/**
 * In-repo code imports the SDK from its TypeScript source (the `@rahcp/source` export condition of
 * packages/client), so tests never run a stale dist/. The published entry points are tested from the
 * packed tarballs (test/packages).
 */
const SOURCE_CONDITION = "@rahcp/source";

export default defineConfig({
  // Without "module", as vitest's own default: bundler-only builds (e.g. the AWS SDK's dist-es) are not Node ESM.
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions.filter((condition) => condition !== "module")] } },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    env: {
      // Handler logs are asserted explicitly where they matter; keep the test output readable.
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "SILENT",
    },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
