/**
 * How every API function is built and sized, as plain data (no SST globals): infra/api.ts hands
 * these to SST, and `npm run build` / the benchmark import the very same values so they measure
 * the bundles SST deploys. The SST types check them where infra/api.ts uses them (npm run typecheck).
 */
import type { BuildOptions } from "esbuild";
import { FUNCTION_TIMEOUT_MS } from "@rahcp/core/settings/deadlines";

export { API_GATEWAY_TIMEOUT_MS, FUNCTION_TIMEOUT_MS } from "@rahcp/core/settings/deadlines";

/** Where the handler files live, relative to the repository root (where sst.config.ts is). */
export const FUNCTIONS_DIR = "packages/functions/src";

/**
 * Runtime and size of every function. The timeout is core's FUNCTION_TIMEOUT_MS (why 25 s: see
 * packages/core/src/settings/deadlines.ts), which the local server gives each handler call too.
 * Lambda's CPU share grows with memory and cold start (module parsing, SDK set-up) is CPU-bound,
 * hence 1 GB rather than the 128 MB default.
 */
export const FUNCTION_DEFAULTS = {
  runtime: "nodejs24.x",
  architecture: "arm64",
  memory: "1024 MB",
  timeout: `${FUNCTION_TIMEOUT_MS / 1000} seconds`,
} as const;

/**
 * esbuild target. SST's Node builder only understands `es*`/`esnext` names here (a `node24`
 * string is silently dropped and it falls back to ES2024 for nodejs24.x). ES2024 would strip the
 * `with { type: "json" }` attribute from imports left external (docs-asset's swagger-ui-dist),
 * which Node then refuses to load; the runtime is pinned to Node 24, so nothing needs lowering.
 */
export const FUNCTION_TARGET = "esnext";

/** SST FunctionArgs["nodejs"], restricted to what these functions use. */
export interface FunctionNodejsOptions {
  format: "esm";
  minify: boolean;
  esbuild: {
    target: string;
    keepNames: boolean;
    sourcemap: boolean;
    mainFields: string[];
    external: string[];
  };
  install?: string[];
}

/**
 * The `nodejs` options of every function (SST's FunctionArgs["nodejs"]): ESM, minified, no
 * source maps, names kept (SST's default: class and function names survive minification). Nothing is
 * external, so the AWS SDK v3 clients are bundled and tree-shaken with the code: the bundle pins
 * the SDK version the tests ran against instead of whatever the runtime ships, and only the S3
 * client is loaded at cold start.
 */
export const FUNCTION_NODEJS: Readonly<FunctionNodejsOptions> = {
  format: "esm",
  minify: true,
  esbuild: {
    target: FUNCTION_TARGET,
    keepNames: true,
    sourcemap: false,
    mainFields: ["module", "main"],
    external: [],
  },
};

/**
 * Packages a handler needs at runtime but must not bundle: SST leaves them external and
 * `npm install`s them into that function's package (versions from packages/functions/package.json).
 */
export const HANDLER_INSTALL: Readonly<Record<string, readonly string[]>> = {
  // Swagger UI's files are read from the installed package at runtime (see packages/functions/src/docs-asset-catalog.ts).
  "docs-asset": ["swagger-ui-dist"],
};

export function installFor(handler: string): readonly string[] {
  return Object.hasOwn(HANDLER_INSTALL, handler) ? (HANDLER_INSTALL[handler] ?? []) : [];
}

/** The `nodejs` options of one handler's function: the shared ones plus its runtime installs. */
export function functionNodejs(handler: string): FunctionNodejsOptions {
  const { esbuild } = FUNCTION_NODEJS;
  const install = installFor(handler);
  return {
    format: FUNCTION_NODEJS.format,
    minify: FUNCTION_NODEJS.minify,
    esbuild: { ...esbuild, mainFields: [...esbuild.mainFields], external: [...esbuild.external] },
    ...(install.length > 0 ? { install: [...install] } : {}),
  };
}

/** Always external in SST's Node builder (native modules). */
const SST_FORCE_EXTERNAL = ["sharp", "pg-native"];

/** SST prepends this to every ESM bundle so bundled CommonJS code finds require/__dirname. */
export const SST_ESM_BANNER = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __filename = topLevelFileUrlToPath(import.meta.url)`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
  "",
].join("\n");

/**
 * The esbuild options SST's Node builder (pkg/runtime/node/build.go, `sst deploy`) derives from
 * FUNCTION_NODEJS for one handler: what `npm run build` must use to produce the deployed bundle.
 */
export function functionBuildOptions(handler: string, outfile: string): BuildOptions {
  const { esbuild, ...nodejs } = functionNodejs(handler);
  return {
    entryPoints: [`${FUNCTIONS_DIR}/${handler}.ts`],
    outfile,
    bundle: true,
    platform: "node",
    format: nodejs.format,
    target: esbuild.target,
    mainFields: esbuild.mainFields,
    external: [...SST_FORCE_EXTERNAL, ...(nodejs.install ?? []), ...esbuild.external],
    keepNames: esbuild.keepNames,
    minify: nodejs.minify,
    treeShaking: true,
    sourcemap: esbuild.sourcemap,
    banner: { js: SST_ESM_BANNER },
    metafile: true,
    write: true,
  };
}
