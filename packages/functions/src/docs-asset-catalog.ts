import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import swaggerUiPackage from "swagger-ui-dist/package.json" with { type: "json" };
import { DOCS_ASSET_PATH, OPENAPI_DOCUMENT_PATH } from "@rahcp/core/routes/public";
import { StaticBody } from "./static-response";

/**
 * The catalog of the documentation page's assets: an allow-list of Swagger UI files from the
 * installed `swagger-ui-dist` package plus our own initializer script. Nothing outside it is served.
 *
 * Where the Swagger UI files come from: they are read from `swagger-ui-dist` through Node module
 * resolution at first use (not bundled: swagger-ui-bundle.js alone is 1.7 MB and would have to be
 * committed as generated code or need a bundler loader the local server and vitest do not have).
 * Locally (local server, tests) the workspace's node_modules has the package. In the Lambda
 * package it must be shipped next to the bundle: the docs-asset function needs
 * `nodejs: { install: ["swagger-ui-dist"] }` in its SST function options, which puts the package
 * into the function's node_modules so the same resolution works there.
 */

export const SWAGGER_UI_VERSION: string = swaggerUiPackage.version;

/** Our Swagger UI configuration; a file (not an inline script) so the page's CSP can forbid inline scripts. */
const INITIALIZER_CONFIG = {
  url: OPENAPI_DOCUMENT_PATH,
  dom_id: "#swagger-ui",
  deepLinking: true,
  // The pasted token lives in this page only: never in localStorage, gone when the tab closes or reloads.
  persistAuthorization: false,
  tryItOutEnabled: true,
  displayRequestDuration: true,
  // No calls to validator.swagger.io: the page talks to its own origin only.
  validatorUrl: null,
  // ?url=/?configUrl= must not point the page at another document.
  queryConfigEnabled: false,
  layout: "BaseLayout",
};

const INITIALIZER = `"use strict";
window.addEventListener("load", function () {
  var config = ${JSON.stringify(INITIALIZER_CONFIG)};
  config.presets = [SwaggerUIBundle.presets.apis];
  window.ui = SwaggerUIBundle(config);
});
`;

interface AssetSource {
  readonly contentType: string;
  /** Text assets are sent as text; binary ones base64-encoded (API Gateway decodes them). */
  readonly binary: boolean;
  read(): Buffer;
}

const requireFromHere = createRequire(import.meta.url);

function swaggerUiFile(file: string, contentType: string, binary = false): AssetSource {
  return { contentType, binary, read: () => readFileSync(requireFromHere.resolve(`swagger-ui-dist/${file}`)) };
}

const SOURCES = {
  "swagger-ui.css": swaggerUiFile("swagger-ui.css", "text/css; charset=utf-8"),
  "index.css": swaggerUiFile("index.css", "text/css; charset=utf-8"),
  "swagger-ui-bundle.js": swaggerUiFile("swagger-ui-bundle.js", "text/javascript; charset=utf-8"),
  "favicon-32x32.png": swaggerUiFile("favicon-32x32.png", "image/png", true),
  "favicon-16x16.png": swaggerUiFile("favicon-16x16.png", "image/png", true),
  "docs-init.js": { contentType: "text/javascript; charset=utf-8", binary: false, read: () => Buffer.from(INITIALIZER) },
} as const satisfies Record<string, AssetSource>;

export type DocsAssetName = keyof typeof SOURCES;

/** The allow-list, in a stable order (the OpenAPI document enumerates it). */
export const DOCS_ASSET_NAMES = Object.keys(SOURCES) as DocsAssetName[];

export function isDocsAssetName(name: string): name is DocsAssetName {
  // Own keys only: "__proto__", "constructor" and paths never match.
  return Object.hasOwn(SOURCES, name);
}

const loaded = new Map<DocsAssetName, StaticBody>();

/** The asset as served (its bytes, ETag and gzip form), read once per container. */
export function docsAsset(name: DocsAssetName): StaticBody {
  let asset = loaded.get(name);
  if (!asset) {
    const source: AssetSource = SOURCES[name];
    asset = new StaticBody(source.read(), source.contentType, source.binary);
    loaded.set(name, asset);
  }
  return asset;
}

/** Changes whenever the asset's content can change. */
export function docsAssetVersion(name: DocsAssetName): string {
  return name === "docs-init.js" ? `${SWAGGER_UI_VERSION}-${hashOf(INITIALIZER)}` : SWAGGER_UI_VERSION;
}

/** Same-origin URL of an asset; its version query busts caches when the content changes. */
export function docsAssetUrl(name: DocsAssetName): string {
  return `${DOCS_ASSET_PATH.replace("{asset}", name)}?v=${encodeURIComponent(docsAssetVersion(name))}`;
}

function hashOf(text: string): string {
  // Small, dependency-free FNV-1a: only needs to change when the initializer changes.
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16);
}
