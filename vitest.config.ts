import { readFileSync } from "node:fs";
import { defaultServerConditions } from "vite";
import { defineConfig, type Plugin } from "vitest/config";

/**
 * @actions/workflow-parser (test/ci) imports its schema JSON without an import attribute, which
 * Node refuses, so Vite loads it (server.deps.inline below). Its published source maps name
 * sources it does not ship; dropping the map comments keeps Vite from warning once per file.
 */
const WORKFLOW_PARSER = "/node_modules/@actions/workflow-parser/dist/";
const workflowParserWithoutSourceMaps: Plugin = {
  name: "workflow-parser-without-source-maps",
  load(id) {
    if (!id.includes(WORKFLOW_PARSER) || !id.endsWith(".js")) return null;
    return readFileSync(id, "utf8").replace(/^\/\/# sourceMappingURL=.*$/gm, "");
  },
};

/**
 * In-repo code imports the SDK from its TypeScript source (the `@rahcp/source` export condition of
 * packages/client), so tests never run a stale dist/. The published entry points are tested from the
 * packed tarballs (test/packages).
 */
const SOURCE_CONDITION = "@rahcp/source";

export default defineConfig({
  plugins: [workflowParserWithoutSourceMaps],
  // Without "module", as vitest's own default: bundler-only builds (e.g. the AWS SDK's dist-es) are not Node ESM.
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions.filter((condition) => condition !== "module")] } },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    env: {
      // Handler logs are asserted explicitly where they matter; keep the test output readable.
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "SILENT",
    },
    server: {
      deps: {
        inline: ["@actions/workflow-parser"],
      },
    },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
