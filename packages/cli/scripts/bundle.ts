/**
 * Bundles the CLI into one ESM file with a shebang, dist/rahcp.js (the `rahcp` bin): commander, yaml
 * and the SDK are inside, so the published package has no dependencies, installs offline, and starts
 * without a TypeScript loader. Run by `npm run build -w @rahcp/cli` (and so by `npm pack`/`npm
 * publish`, through `prepack`), by the root `prepare` (npm ci) and by vitest's global setup.
 */
import { chmod, mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";

export const CLI_ROOT = resolve(import.meta.dirname, "..");
export const CLI_BUNDLE = join(CLI_ROOT, "dist/rahcp.js");
export const NOTICES_FILE = "THIRD-PARTY-NOTICES.txt";

/** Oldest Node the published CLI supports (package.json `engines`). */
const TARGET = "node20";

/**
 * commander is CommonJS and requires Node built-ins; in an ESM bundle esbuild's require shim needs a
 * real `require`, which createRequire provides.
 */
const BANNER = [
  "#!/usr/bin/env node",
  'import { createRequire as __rahcpCreateRequire } from "node:module";',
  "const require = __rahcpCreateRequire(import.meta.url);",
].join("\n");

export interface CliBundle {
  file: string;
  bytes: number;
  /** Bundled npm packages, `name@version`, whose licenses are in the notices file. */
  packages: string[];
  /** What the bundle still imports or requires at run time (Node built-ins only). */
  imports: string[];
}

interface BundledPackage {
  name: string;
  version: string;
  license: string;
  text: string;
}

/** Files written whole then renamed, so a test spawning the bin while it is rebuilt never reads half a file. */
async function writeAtomically(file: string, contents: string | Uint8Array, mode: number): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, contents, { mode });
  await chmod(temporary, mode);
  await rename(temporary, file);
}

const NODE_MODULES_PACKAGE = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//;

/** The npm packages inside the bundle, with their license texts (MIT and ISC ask for them to travel along). */
async function bundledPackages(metafile: Metafile, outFile: string, workingDir: string): Promise<BundledPackage[]> {
  const output = metafile.outputs[Object.keys(metafile.outputs).find((path) => resolve(workingDir, path) === outFile) ?? ""];
  const inputs = Object.entries(output?.inputs ?? {}).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path);
  const roots = [...new Set(inputs.map((path) => NODE_MODULES_PACKAGE.exec(path)?.[1]).filter((root) => root !== undefined))];
  const packages = await Promise.all(
    roots.map(async (root): Promise<BundledPackage> => {
      const dir = resolve(workingDir, root);
      const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { name: string; version: string; license?: string };
      const licenseFile = (await readdir(dir)).find((name) => /^licen[cs]e(\.(md|txt))?$/i.test(name));
      if (!licenseFile) throw new Error(`${manifest.name} is bundled into the CLI but ships no LICENSE file to carry along`);
      return { name: manifest.name, version: manifest.version, license: manifest.license ?? "see text", text: (await readFile(join(dir, licenseFile), "utf8")).trim() };
    }),
  );
  return packages.sort((a, b) => a.name.localeCompare(b.name));
}

function notices(packages: readonly BundledPackage[]): string {
  const header = "dist/rahcp.js bundles the following packages. Their licenses follow.\n";
  return `${[header, ...packages.map((p) => `${"=".repeat(72)}\n${p.name}@${p.version} (${p.license})\n\n${p.text}\n`)].join("\n")}`;
}

/** Builds the bin (default: packages/cli/dist/rahcp.js) and the license notices beside it. */
export async function bundleCli(outFile: string = CLI_BUNDLE): Promise<CliBundle> {
  const result = await build({
    absWorkingDir: CLI_ROOT,
    entryPoints: [join(CLI_ROOT, "src/bin.ts")],
    outfile: outFile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: TARGET,
    // The SDK from its TypeScript source, as everywhere in this repository (packages/client exports).
    conditions: ["@rahcp/source"],
    banner: { js: BANNER },
    minify: true,
    // Error names are printed for unexpected failures (`rahcp: unexpected error: TypeError: …`).
    keepNames: true,
    legalComments: "none",
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  const code = result.outputFiles.find((file) => resolve(file.path) === resolve(outFile));
  if (!code) throw new Error("esbuild produced no CLI bundle");
  const packages = await bundledPackages(result.metafile, resolve(outFile), CLI_ROOT);
  const imports = [...new Set(Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((i) => i.path)))].sort();
  await mkdir(dirname(outFile), { recursive: true });
  await Promise.all([
    writeAtomically(outFile, code.contents, 0o755),
    writeAtomically(join(dirname(outFile), NOTICES_FILE), notices(packages), 0o644),
  ]);
  return { file: outFile, bytes: code.contents.byteLength, packages: packages.map((p) => `${p.name}@${p.version}`), imports };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const bundle = await bundleCli();
  process.stdout.write(`${bundle.file}: ${(bundle.bytes / 1024).toFixed(1)} KB, bundles ${bundle.packages.join(", ")}\n`);
}
