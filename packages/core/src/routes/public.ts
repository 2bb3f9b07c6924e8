import type { PublicRouteSpec } from "./route-spec";

/** Where the documentation is served; the docs functions link to these paths. */
export const OPENAPI_DOCUMENT_PATH = "/api/v1/openapi.json";
export const DOCS_PATH = "/api/v1/docs";
export const DOCS_ASSET_PATH = "/api/v1/docs/{asset}";

const documentation: readonly PublicRouteSpec[] = [
  {
    id: "openapiDocument",
    method: "GET",
    path: OPENAPI_DOCUMENT_PATH,
    handler: "openapi-json",
    summary: "OpenAPI 3.1 document of this API",
    public: true,
  },
  {
    id: "docs",
    method: "GET",
    path: DOCS_PATH,
    handler: "docs",
    summary: "Interactive API reference (Swagger UI)",
    public: true,
  },
  {
    id: "docsAsset",
    method: "GET",
    path: DOCS_ASSET_PATH,
    handler: "docs-asset",
    summary: "Static asset of the API reference page",
    public: true,
  },
];

/**
 * Unauthenticated documentation routes, wired like the API routes. Each also answers HEAD (the
 * headers GET would get, no body), served by the same function: API Gateway routes HEAD only to a
 * HEAD route. (Pure: the docs functions, which import only the paths above, leave the list out.)
 */
export const publicRoutes: readonly PublicRouteSpec[] = /* @__PURE__ */ documentation.flatMap((route) => [
  route,
  { ...route, id: `${route.id}Head`, method: "HEAD" as const, summary: `${route.summary}: headers only` },
]);
