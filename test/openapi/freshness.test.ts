import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { serializeOpenApiDocument } from "@rahcp/openapi";

const REPO = join(import.meta.dirname, "../..");
const COMMITTED = join(REPO, "packages/functions/src/generated/openapi.json");

describe("published OpenAPI document", () => {
  const scratch = mkdtempSync(join(tmpdir(), "rahcp-openapi-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("committed copy served by GET /api/v1/openapi.json matches the generator", () => {
    const committed = readFileSync(COMMITTED, "utf8");
    const generated = serializeOpenApiDocument();
    // toBe would print a 80 kB diff; say what to do instead.
    expect(
      committed === generated,
      "packages/functions/src/generated/openapi.json is stale: routes or schemas changed. Regenerate it with `npm run openapi:sync` and commit it.",
    ).toBe(true);
  });

  it("`npm run openapi -- --out FILE` writes the same document", async () => {
    const out = join(scratch, "nested", "openapi.json");
    const tsx = join(REPO, "node_modules/.bin/tsx");
    await promisify(execFile)(tsx, ["packages/openapi/src/cli.ts", "--out", out], { cwd: REPO, env: { ...process.env, INIT_CWD: REPO } });
    expect(readFileSync(out, "utf8")).toBe(serializeOpenApiDocument());
  });
});
