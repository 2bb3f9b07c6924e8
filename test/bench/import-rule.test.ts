import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../scripts/build-functions";

/**
 * The benchmark and the tests share code only through kit/: bench/ never imports test/, test/
 * imports bench/ only here in test/bench/ (the tests of the benchmark itself), and kit/ imports
 * neither. Otherwise a change to a test helper silently changes what the benchmark measures.
 */
const SOURCE = /\.(ts|mjs)$/;
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"']+)["']/g;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && SOURCE.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** Top folder (bench, test, kit, packages…) of every relative import of `file`. */
function importedFolders(file: string): { specifier: string; folder: string }[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(SPECIFIER)]
    .map((m) => m[1]!)
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => ({ specifier, folder: relative(ROOT, resolve(ROOT, dirname(file), specifier)).split("/")[0]! }));
}

function crossings(files: readonly string[], forbidden: readonly string[]): string[] {
  return files.flatMap((file) =>
    importedFolders(file)
      .filter((i) => forbidden.includes(i.folder))
      .map((i) => `${file} imports ${i.specifier}`),
  );
}

describe("what bench/, test/ and kit/ may import", () => {
  it("finds the imports it checks (the scan itself works)", () => {
    expect(importedFolders("test/bench/smoke.test.ts").some((i) => i.folder === "bench")).toBe(true);
    expect(importedFolders("bench/lib/operations.ts").some((i) => i.folder === "kit")).toBe(true);
  });

  it("bench/ never imports test/", () => {
    expect(crossings(sources("bench"), ["test"])).toEqual([]);
  });

  it("test/ imports bench/ only in test/bench/", () => {
    const outside = sources("test").filter((file) => !file.startsWith("test/bench/"));
    expect(outside.length).toBeGreaterThan(10);
    expect(crossings(outside, ["bench"])).toEqual([]);
  });

  it("kit/ imports neither", () => {
    expect(crossings(sources("kit"), ["bench", "test"])).toEqual([]);
  });
});
