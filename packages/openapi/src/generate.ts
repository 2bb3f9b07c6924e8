import corePackage from "../../core/package.json" with { type: "json" };
import { DEFAULT_SCOPES, type ScopeNames } from "@rahcp/core/permissions";
import { publicRoutes, routeList, type PublicRouteSpec, type RouteSpec } from "@rahcp/core/routes";
import { convertSchemas } from "./components";
import type { JsonObject } from "./json";
import { operationOf, publicOperationOf, TAGS } from "./operations";
import { securitySchemes } from "./security";
import { HEADERS } from "./responses";

export const TITLE = "rahcp S3 Buckets API";

/** Who answers for the API; the README's "Reporting a vulnerability" says how to reach them privately. */
const CONTACT = { name: "rahcp maintainers" };

/** The repository's LICENSE (as packages/client and packages/cli declare it). */
const LICENSE = { name: "Apache-2.0", identifier: "Apache-2.0" };

/**
 * Relative first, so Swagger UI and same-origin tools call the API that served the document;
 * then the local server (`npm start`), an absolute URL a generated client can start from.
 */
const SERVERS = [
  { url: "/", description: "The API this document is served by" },
  { url: "http://localhost:8000", description: "The local server (npm start)" },
];

export interface OpenApiDocument extends JsonObject {
  openapi: string;
  info: { title: string; version: string; description: string; contact: JsonObject; license: JsonObject };
  paths: Record<string, Record<string, JsonObject>>;
  components: { schemas: Record<string, JsonObject> } & JsonObject;
}

function description(scopes: ScopeNames): string {
  return [
    "Manage S3 buckets on Hitachi Content Platform (HCP): create, list, check and delete buckets, " +
      "versioning, object and version listings, and bucket ACLs.",
    "**Authentication**: every operation except the documentation routes needs `Authorization: Bearer <JWT>` " +
      "with an access token from the deployment's OIDC issuer or Cognito user pool. " +
      `Scopes: \`${scopes.read}\` (read), \`${scopes.write}\` (create, delete, change versioning; implies read), ` +
      `\`${scopes.admin}\` (everything, including ACL changes). Deployments may rename the scopes (AUTH_SCOPE_*).`,
    "**Tenants and grants**: the token's tenant claim (default `tenant`) picks the HCP tenant; a deployment with " +
      "an access policy further limits each caller to the buckets its rules grant (403 `BucketAccessDenied`, " +
      "decided before HCP is asked). `GET /api/v1/me` shows the caller's effective grants.",
    "**Errors** are JSON `{detail, code, request_id}` (`ErrorResponse`); each response lists the `code` values it " +
      "carries. Unknown query parameters and body fields, parameters given twice and bodies sent to operations " +
      "that take none are refused with 400. A method a path does not offer answers 405 `MethodNotAllowed` with " +
      "`Allow`, a path no route has 404 `RouteNotFound` (the local server; API Gateway answers both itself with 404 " +
      '`{"message": "Not Found"}`, and its throttling with 429 `{"message": "Too Many Requests"}`).',
  ].join("\n\n");
}

/**
 * The OpenAPI 3.1 document of the API, from the route declaration and the zod schemas the
 * handlers validate with. Deterministic: same sources, same document.
 */
export function generateOpenApiDocument(
  routes: readonly RouteSpec[] = routeList,
  docsRoutes: readonly PublicRouteSpec[] = publicRoutes,
  scopes: ScopeNames = DEFAULT_SCOPES,
): OpenApiDocument {
  const schemas = convertSchemas(routes.flatMap((r) => [r.params, r.query].filter((s) => s !== undefined)));
  const paths: Record<string, Record<string, JsonObject>> = {};
  const add = (path: string, method: string, operation: JsonObject) => {
    const item = (paths[path] ??= {});
    if (item[method]) throw new Error(`${method.toUpperCase()} ${path} is declared twice`);
    item[method] = operation;
  };
  for (const route of routes) add(route.path, route.method.toLowerCase(), operationOf(route, schemas, scopes));
  for (const route of docsRoutes) add(route.path, route.method.toLowerCase(), publicOperationOf(route));

  return {
    openapi: "3.1.0",
    info: { title: TITLE, version: corePackage.version, description: description(scopes), contact: CONTACT, license: LICENSE },
    servers: SERVERS,
    tags: TAGS.map((tag) => ({ ...tag })),
    paths,
    components: {
      securitySchemes: securitySchemes(scopes),
      schemas: schemas.components,
      headers: HEADERS,
    },
  };
}

/** The document as written to files and compared by the freshness test. */
export function serializeOpenApiDocument(document: OpenApiDocument = generateOpenApiDocument()): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
