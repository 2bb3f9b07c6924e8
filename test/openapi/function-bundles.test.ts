import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, describe, expect, it } from "vitest";
import { apiEvent, lambdaContext } from "../../kit/events";

/**
 * The documentation functions as Lambda runs them: bundled by esbuild (what SST does), without
 * the OpenAPI generator, and with Swagger UI's files coming from the function package.
 */
const FUNCTIONS = join(import.meta.dirname, "../../packages/functions/src");
const scratch = mkdtempSync(join(tmpdir(), "rahcp-docs-bundle-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function bundle(handler: string) {
  const result = await build({
    entryPoints: [join(FUNCTIONS, `${handler}.ts`)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    write: false,
    metafile: true,
    logLevel: "silent",
    // SST's ESM banner: lets bundled CommonJS dependencies call require().
    banner: { js: "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);" },
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

type Handler = (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;

async function deploy(code: string, dir: string): Promise<Handler> {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "index.mjs");
  writeFileSync(file, code);
  return ((await import(pathToFileURL(file).href)) as { handler: Handler }).handler;
}

const assetEvent = (asset: string) => apiEvent({ method: "GET", routePath: "/api/v1/docs/{asset}", pathParameters: { asset } });

describe("documentation function bundles", () => {
  it.each(["openapi-json", "docs", "docs-asset"])("%s carries neither zod nor the OpenAPI generator", async (handler) => {
    const { inputs } = await bundle(handler);
    expect(inputs.filter((input) => /node_modules\/zod\/|packages\/openapi\/|packages\/core\/src\/schemas\//.test(input))).toEqual([]);
  });

  it("openapi-json inlines the committed document", async () => {
    const { code, inputs } = await bundle("openapi-json");
    expect(inputs).toContain("packages/functions/src/generated/openapi.json");
    const handler = await deploy(code, join(scratch, "openapi-json"));
    const result = await handler(apiEvent({ method: "GET", routePath: "/api/v1/openapi.json" }), lambdaContext());
    const committed = JSON.parse(readFileSync(join(FUNCTIONS, "generated/openapi.json"), "utf8")) as unknown;
    expect(JSON.parse(result.body!)).toEqual(committed);
  });

  it("docs-asset does not inline Swagger UI and serves it from the package's node_modules", async () => {
    const { code, inputs } = await bundle("docs-asset");
    expect(inputs.filter((input) => input.includes("swagger-ui-dist/") && !input.endsWith("package.json"))).toEqual([]);
    expect(code.length).toBeLessThan(500_000);

    // Lambda layout with `nodejs.install: ["swagger-ui-dist"]`: the package next to the bundle.
    const withAssets = join(scratch, "with-assets");
    mkdirSync(join(withAssets, "node_modules"), { recursive: true });
    const installed = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
    symlinkSync(installed, join(withAssets, "node_modules/swagger-ui-dist"), "dir");
    const served = await (await deploy(code, withAssets))(assetEvent("swagger-ui.css"), lambdaContext());
    expect(served.statusCode).toBe(200);
    expect(served.body).toBe(readFileSync(join(installed, "swagger-ui.css"), "utf8"));

    // Forgotten in infra: a clear 500, not a crash.
    const missing = await (await deploy(code, join(scratch, "without-assets")))(assetEvent("swagger-ui.css"), lambdaContext());
    expect(missing.statusCode).toBe(500);
    expect(JSON.parse(missing.body!)).toMatchObject({ code: "DocsAssetsMissing" });
  });
});
