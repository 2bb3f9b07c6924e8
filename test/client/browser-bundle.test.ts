import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const ENTRY = fileURLToPath(new URL("../../packages/client/src/index.ts", import.meta.url));

describe("SDK in browsers", () => {
  it("bundles for platform browser with no Node built-ins, and runs against a fetch", async () => {
    const result = await build({
      entryPoints: [ENTRY],
      bundle: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((path) => path.includes("node:") || path.includes("node_modules"))).toBe(false);
    const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((i) => i.path));
    expect(imports).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/\brequire\(|from\s*["']node:|import\(["']node:/);
    // Small: the SDK must not drag code generators or validators into browser bundles.
    expect(code.length).toBeLessThan(40_000);

    // Evaluate the bundle as a module and use it with a stub fetch, as a page would.
    const module = (await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`)) as typeof import("@rahcp/client");
    const seen: string[] = [];
    const client = new module.RahcpClient({
      endpoint: "https://api.example.test",
      token: "t",
      fetch: async (url) => {
        seen.push(url);
        return new Response(JSON.stringify({ buckets: [{ name: "b1", creation_date: null }], owner: null }), { status: 200 });
      },
    });
    expect((await client.s3.listBuckets()).buckets.map((b) => b.name)).toEqual(["b1"]);
    expect(seen).toEqual(["https://api.example.test/api/v1/buckets"]);
  });
});
