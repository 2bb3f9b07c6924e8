/**
 * Bundles the API's functions exactly as SST does (the esbuild options come from
 * infra/function-defaults.ts, the handler list from the route declaration), plus any other entry
 * (the benchmark's baselines, bench/baselines) with those very same options, and sizes each bundle by package.
 */
import { mkdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { build, type Metafile, type Plugin } from "esbuild";
import { httpRoutes } from "@rahcp/core/routes";
import { FUNCTIONS_DIR, functionBuildOptions } from "../infra/function-defaults";

export const ROOT = resolve(import.meta.dirname, "..");

/** Every function file SST deploys (one per route; the docs assets share none). */
export const FUNCTION_HANDLERS: readonly string[] = [...new Set(httpRoutes.map((route) => route.handler))];

export interface Bundle {
  name: string;
  /** The bundle as Lambda loads it (`<dir>/index.mjs`). */
  file: string;
  bytes: number;
  /** Output bytes by npm package (`@scope/name`) or, for project code, by top directory. */
  packages: Record<string, number>;
  /** Imports left to the runtime (Node built-ins excluded). */
  external: string[];
}

/** Changes from SST's options that only the benchmark's diagnostic builds use (never the sized bundles). */
export interface Variant {
  /** Added to SST's externals, e.g. the AWS SDK to emulate a runtime-provided SDK. */
  external?: string[];
  plugins?: Plugin[];
}

/** An entry written in code rather than a file: its imports resolve from the repository root. */
export interface VirtualEntry {
  contents: string;
}

const NODE_MODULES = /node_modules\/((?:@[^/]+\/)?[^/]+)/g;

function owner(input: string): string {
  const matches = [...input.matchAll(NODE_MODULES)];
  const last = matches[matches.length - 1];
  if (last) return last[1]!;
  return input.split("/").slice(0, 3).join("/");
}

function sizeByPackage(metafile: Metafile): { bytes: number; packages: Record<string, number>; external: string[] } {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined) ?? Object.values(metafile.outputs)[0];
  if (!output) throw new Error("esbuild produced no output");
  const packages: Record<string, number> = {};
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    if (bytesInOutput === 0) continue;
    const name = owner(input);
    packages[name] = (packages[name] ?? 0) + bytesInOutput;
  }
  const external = output.imports.filter((i) => i.external && !i.path.startsWith("node:") && !/^[a-z_]+$/.test(i.path)).map((i) => i.path);
  return { bytes: output.bytes, packages, external: [...new Set(external)] };
}

/**
 * Bundles `entry` (a file relative to the repository root, or code) to `<outDir>/<name>/index.mjs` with SST's options
 * for a function named `name`. The handlers are built with their own name so per-handler settings
 * (runtime installs) apply; other entries get the shared options unchanged.
 */
export async function bundleEntry(name: string, entry: string | VirtualEntry, outDir: string, variant: Variant = {}): Promise<Bundle> {
  const dir = join(outDir, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const file = join(dir, "index.mjs");
  const { entryPoints: _, ...options } = functionBuildOptions(name, file);
  const result = await build({
    ...options,
    ...(typeof entry === "string"
      ? { entryPoints: [entry] }
      : { stdin: { contents: entry.contents, resolveDir: ROOT, sourcefile: `${name}.ts`, loader: "ts" as const } }),
    external: [...(options.external ?? []), ...(variant.external ?? [])],
    ...(variant.plugins ? { plugins: variant.plugins } : {}),
    absWorkingDir: ROOT,
    logLevel: "error",
  });
  if (!result.metafile) throw new Error(`no metafile for ${name}`);
  return { name, file, ...sizeByPackage(result.metafile) };
}

export function functionEntry(handler: string): string {
  return `${FUNCTIONS_DIR}/${handler}.ts`;
}

/** Builds every deployed function (concurrently: esbuild runs them on its own threads). */
export async function bundleFunctions(outDir: string, handlers: readonly string[] = FUNCTION_HANDLERS, variant: Variant = {}): Promise<Bundle[]> {
  return Promise.all(handlers.map((handler) => bundleEntry(handler, functionEntry(handler), outDir, variant)));
}

/** Packages whose bytes differ most between a bundle and the baseline (what the function adds). */
export function largestAdditions(bundle: Bundle, baseline: Bundle, count = 6): { name: string; bytes: number }[] {
  const names = new Set([...Object.keys(bundle.packages), ...Object.keys(baseline.packages)]);
  return [...names]
    .map((name) => ({ name, bytes: (bundle.packages[name] ?? 0) - (baseline.packages[name] ?? 0) }))
    .filter((d) => d.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}
