import { readFileSync } from "node:fs";
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

export default defineConfig({
  plugins: [workflowParserWithoutSourceMaps],
  test: {
    include: ["test/**/*.test.ts"],
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
