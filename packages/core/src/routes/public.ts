import type { PublicRouteSpec } from "./route-spec";

const documentation: readonly PublicRouteSpec[] = [
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

/**
 * Unauthenticated documentation routes, wired like the API routes. Each also answers HEAD (the
 * headers GET would get, no body), served by the same function: API Gateway routes HEAD only to a
 * HEAD route.
 */
export const publicRoutes: readonly PublicRouteSpec[] = documentation.flatMap((route) => [
  route,
  { ...route, id: `${route.id}Head`, method: "HEAD" as const, summary: `${route.summary}: headers only` },
]);
