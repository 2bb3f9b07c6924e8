import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateClientTypes, GENERATED_TYPES } from "../../packages/client/src/codegen/generate-types";

describe("SDK types generated from the OpenAPI document", () => {
  it("committed packages/client/src/generated/api.ts matches openapi-typescript's output for the committed document", async () => {
    const committed = readFileSync(GENERATED_TYPES, "utf8");
    const generated = await generateClientTypes();
    expect(
      committed === generated,
      "packages/client/src/generated/api.ts is stale: the OpenAPI document changed. Run `npm run client:types` (or `npm run openapi:sync`) and commit it.",
    ).toBe(true);
  });

  it("covers every operation of the document", async () => {
    const document = JSON.parse(readFileSync(new URL("../../packages/functions/src/generated/openapi.json", import.meta.url), "utf8")) as {
      paths: Record<string, Record<string, { operationId?: string }>>;
    };
    const operationIds = Object.values(document.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    const committed = readFileSync(GENERATED_TYPES, "utf8");
    expect(operationIds.length).toBeGreaterThanOrEqual(10);
    for (const id of operationIds) expect(committed).toContain(`    ${id}: {`);
  });
});
