import type { PublicRouteSpec } from "./route-spec";

/** Unauthenticated documentation routes, wired like the API routes. */
export const publicRoutes: readonly PublicRouteSpec[] = [
  {
    id: "openapiDocument",
    method: "GET",
    path: "/api/v1/openapi.json",
    handler: "openapi-json",
    summary: "OpenAPI 3.1 document of this API",
    public: true,
  },
  {
    id: "docs",
    method: "GET",
    path: "/api/v1/docs",
    handler: "docs",
    summary: "Interactive API reference (Swagger UI)",
    public: true,
  },
  {
    id: "docsAsset",
    method: "GET",
    path: "/api/v1/docs/{asset}",
    handler: "docs-asset",
    summary: "Static asset of the API reference page",
    public: true,
  },
];
