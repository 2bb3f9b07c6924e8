import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { serializeOpenApiDocument } from "./generate";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Where the openapi-json function reads the document from: committed, kept current by test/openapi. */
export const FUNCTIONS_COPY = "packages/functions/src/generated/openapi.json";

const USAGE = `Usage: npm run openapi [-- --out FILE]   write the OpenAPI document for publishing (default dist/openapi.json)
       npm run openapi:sync                  refresh the copy the openapi-json function serves (${FUNCTIONS_COPY})`;

const { values } = parseArgs({
  options: {
    out: { type: "string" },
    sync: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`OpenAPI document written to ${path}`);
}

if (values.help) {
  console.log(USAGE);
} else {
  const text = serializeOpenApiDocument();
  if (values.sync) {
    write(resolve(REPO_ROOT, FUNCTIONS_COPY), text);
  }
  if (values.out !== undefined || !values.sync) {
    // --out is relative to where npm was invoked; the default to the repository root.
    const out = values.out === undefined ? resolve(REPO_ROOT, "dist/openapi.json") : resolve(process.env["INIT_CWD"] ?? process.cwd(), values.out);
    write(out, text);
  }
}
