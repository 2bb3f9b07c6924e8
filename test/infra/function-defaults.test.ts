import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createRequire, isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { s3Settings } from "@rahcp/core/config";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import {
  API_GATEWAY_TIMEOUT_MS,
  FUNCTION_DEFAULTS,
  FUNCTION_TIMEOUT_MS,
  functionBuildOptions,
  functionNodejs,
} from "../../infra/function-defaults";
import { apiEvent } from "../../kit/events";

const ROOT = join(import.meta.dirname, "../..");
const scratch = mkdtempSync(join(tmpdir(), "rahcp-infra-bundle-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Builds a handler exactly as functionBuildOptions says (what `npm run build` and SST do). */
async function bundle(handler: string) {
  const dir = join(scratch, handler);
  const outfile = join(dir, "bundle.mjs");
  const result = await build({ ...functionBuildOptions(handler, outfile), absWorkingDir: ROOT, logLevel: "silent" });
  const external = Object.values(result.metafile?.outputs ?? {}).flatMap((output) =>
    output.imports.filter((i) => i.external).map((i) => i.path),
  );
  return { dir, outfile, inputs: Object.keys(result.metafile?.inputs ?? {}), external };
}

describe("function defaults", () => {
  it("run Node 24 on arm64 with an explicit size", () => {
    expect(FUNCTION_DEFAULTS).toEqual({ runtime: "nodejs24.x", architecture: "arm64", memory: "1024 MB", timeout: "25 seconds" });
  });

  it("time out after the S3 budget is spent and before API Gateway gives up", () => {
    const { budgetMs } = s3Settings();
    expect(FUNCTION_TIMEOUT_MS).toBe(25_000);
    expect(FUNCTION_TIMEOUT_MS).toBeGreaterThan(budgetMs);
    expect(FUNCTION_TIMEOUT_MS).toBeLessThan(API_GATEWAY_TIMEOUT_MS);
  });

  it("bundle ESM, minified, with a target SST's builder honours", () => {
    const nodejs = functionNodejs("list-buckets");
    expect(nodejs).toMatchObject({ format: "esm", minify: true, esbuild: { target: "esnext", sourcemap: false, external: [] } });
    expect(nodejs.install).toBeUndefined();
    expect(functionNodejs("docs-asset").install).toEqual(["swagger-ui-dist"]);
    // SST maps only es*/esnext names; anything else silently becomes ES2024 for nodejs24.x.
    expect(nodejs.esbuild.target).toMatch(/^(esnext|es20\d\d)$/);
  });
});

describe("bundles built with the shared esbuild options", () => {
  it("carry the AWS SDK inside, tree-shaken to the S3 client", async () => {
    const { inputs, external } = await bundle("list-buckets");
    expect(inputs.some((input) => input.includes("node_modules/@aws-sdk/client-s3/"))).toBe(true);
    expect(inputs.some((input) => input.includes("node_modules/@aws-sdk/client-sts/"))).toBe(false);
    expect(external.filter((path) => !isBuiltin(path))).toEqual([]);
  });

  it("keep runtime-installed packages external and still load them (docs-asset)", async () => {
    const { dir, outfile, external } = await bundle("docs-asset");
    expect(external).toContain("swagger-ui-dist/package.json");

    // Lambda's layout for `nodejs.install`: the package in node_modules next to the bundle.
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    const installed = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
    symlinkSync(installed, join(dir, "node_modules/swagger-ui-dist"), "dir");
    // Plain Node, as in Lambda (vitest's module loader would forgive a missing import attribute):
    // fails with ERR_IMPORT_ATTRIBUTE_MISSING if the target strips `with { type: "json" }`.
    const event = apiEvent({ method: "GET", routePath: "/api/v1/docs/{asset}", pathParameters: { asset: "index.css" } });
    const script = `
      const { handler } = await import(${JSON.stringify(pathToFileURL(outfile).href)});
      const result = await handler(JSON.parse(process.env.EVENT), { getRemainingTimeInMillis: () => 10000 });
      console.log(JSON.stringify({ statusCode: result.statusCode }));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      env: { ...process.env, EVENT: JSON.stringify(event), POWERTOOLS_LOG_LEVEL: "SILENT" },
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "null")).toEqual({ statusCode: 200 });
  });
});
